import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { DomainError } from "@/server/errors";
import type { Database } from "@/server/db/client";
import { users, verificationTokens } from "@/server/db/schema";
import { LOGIN_PROVIDER_ID } from "./provider";

export class LoginLinkError extends DomainError {}

/**
 * A one-time sign-in link made the way Auth.js's email provider makes them (token stored as
 * sha256(token + secret)), for bootstrapping an admin or when a member cannot receive email.
 */
export async function createLoginLink(
  db: Database,
  options: { email: string; appUrl: string; secret: string; callbackPath?: string; validForMs?: number },
): Promise<string> {
  const email = options.email.trim().toLowerCase();
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!user) throw new LoginLinkError(`no user has the email ${email}; add one with \`ixp user add\``);
  const token = randomBytes(32).toString("hex");
  await db.insert(verificationTokens).values({
    identifier: email,
    token: createHash("sha256").update(`${token}${options.secret}`).digest("hex"),
    expires: new Date(Date.now() + (options.validForMs ?? 3_600_000)),
  });
  const base = options.appUrl.replace(/\/+$/, "");
  const params = new URLSearchParams({ callbackUrl: `${base}${options.callbackPath ?? "/admin"}`, token, email });
  return `${base}/api/auth/callback/${LOGIN_PROVIDER_ID}?${params}`;
}
