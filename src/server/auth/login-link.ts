import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { DomainError } from "@/server/errors";
import type { Database } from "@/server/db/client";
import { users, verificationTokens } from "@/server/db/schema";
import { sendEmail } from "@/server/mail/outbox";
import type { MailTransport } from "@/server/mail/transport";
import { sameSitePathSchema } from "@/shared/validation/user";
import { loginEmail } from "./login-email";
import { LOGIN_PROVIDER_ID } from "./provider";
import { homeFor } from "./roles";

export class LoginLinkError extends DomainError {}

/** How long an emailed link works (the email says so). */
export const EMAILED_LINK_VALID_MS = 24 * 3_600_000;

interface LinkOptions {
  email: string;
  appUrl: string;
  secret: string;
  /** A path on this site; without one the link goes to the user's home (/portal or /admin). */
  callbackPath?: string;
  validForMs?: number;
}

/**
 * A one-time sign-in link made the way Auth.js's email provider makes them (token stored as
 * sha256(token + secret)), for the sign-in form, for bootstrapping an admin or when a member cannot
 * receive email.
 */
export async function createLoginLink(db: Database, options: LinkOptions): Promise<string> {
  const email = options.email.trim().toLowerCase();
  const path = options.callbackPath === undefined ? undefined : sameSitePathSchema.safeParse(options.callbackPath);
  if (path && !path.success) throw new LoginLinkError(`the page to land on ${path.error.issues[0]!.message}`);
  const [user] = await db.select({ role: users.role }).from(users).where(eq(users.email, email));
  if (!user) throw new LoginLinkError(`no user has the email ${email}; add one with \`ixp user add\``);
  const token = randomBytes(32).toString("hex");
  await db.insert(verificationTokens).values({
    identifier: email,
    token: createHash("sha256").update(`${token}${options.secret}`).digest("hex"),
    expires: new Date(Date.now() + (options.validForMs ?? 3_600_000)),
  });
  const base = options.appUrl.replace(/\/+$/, "");
  const params = new URLSearchParams({ callbackUrl: `${base}${path?.data ?? homeFor(user.role)}`, token, email });
  return `${base}/api/auth/callback/${LOGIN_PROVIDER_ID}?${params}`;
}

/**
 * Emails a sign-in link when the address belongs to a user and silently does nothing otherwise: the
 * sign-in form answers before this runs, so nobody can tell from it who has an account.
 */
export async function emailLoginLink(db: Database, transport: MailTransport, options: LinkOptions): Promise<void> {
  let link: string;
  try {
    link = await createLoginLink(db, { ...options, validForMs: EMAILED_LINK_VALID_MS });
  } catch (error) {
    if (error instanceof LoginLinkError) return;
    throw error;
  }
  await sendEmail(db, transport, loginEmail(options.email, link));
}
