import { randomBytes, timingSafeEqual } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { writeAudit } from "@/server/audit/log";
import type { Database } from "@/server/db/client";
import { ixapiCredentials, users } from "@/server/db/schema";
import { NotFoundError } from "@/server/errors";
import { hashToken, newToken } from "@/server/requests/tokens";
import type { UserRole } from "@/shared/enums";
import { ixapiCredentialInputSchema, type IxapiCredentialInput } from "@/shared/validation/ixapi";

/** Who an IX-API session acts for: a member's user sees its own account, a volunteer's every account. */
export interface IxapiPrincipal {
  credentialId: number;
  userId: string;
  role: UserRole;
  clientId: number | null;
}

/**
 * Creates a key/secret pair for a user; the secret is returned once and only its hash is stored.
 * Sizes follow IX-API's AuthTokenRequest: a 16-character key, an 86-character secret (512 random bits).
 */
export async function createIxapiCredential(db: Database, actor: string, input: IxapiCredentialInput) {
  const data = ixapiCredentialInputSchema.parse(input);
  const apiKey = randomBytes(8).toString("hex");
  const apiSecret = newToken(64);
  const id = await db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, role: users.role, clientId: users.clientId }).from(users).where(eq(users.email, data.userEmail));
    if (!user) throw new NotFoundError(`no user has the email ${data.userEmail}`);
    const [created] = await tx.insert(ixapiCredentials).values({ userId: user.id, name: data.name, apiKey, secretHash: hashToken(apiSecret) }).$returningId();
    await writeAudit(tx, {
      actor,
      action: "ixapi_credential.create",
      entityType: "ixapi_credential",
      entityId: created!.id,
      before: null,
      after: { name: data.name, user: data.userEmail, role: user.role, apiKey },
    });
    return created!.id;
  });
  return { id, apiKey, apiSecret };
}

/** Deletes a pair; sessions opened with it stop working at their next request. `userId` limits it to one user's own. */
export async function revokeIxapiCredential(db: Database, actor: string, id: number, userId?: string) {
  await db.transaction(async (tx) => {
    const where = userId ? and(eq(ixapiCredentials.id, id), eq(ixapiCredentials.userId, userId)) : eq(ixapiCredentials.id, id);
    const [before] = await tx.select({ id: ixapiCredentials.id, name: ixapiCredentials.name, apiKey: ixapiCredentials.apiKey, userId: ixapiCredentials.userId }).from(ixapiCredentials).where(where);
    if (!before) throw new NotFoundError(`no IX-API key has the id ${id}`);
    await tx.delete(ixapiCredentials).where(eq(ixapiCredentials.id, id));
    await writeAudit(tx, { actor, action: "ixapi_credential.revoke", entityType: "ixapi_credential", entityId: id, before, after: null });
  });
}

export async function listIxapiCredentials(db: Database, userId?: string) {
  return db
    .select({
      id: ixapiCredentials.id,
      name: ixapiCredentials.name,
      apiKey: ixapiCredentials.apiKey,
      email: users.email,
      role: users.role,
      lastUsedAt: ixapiCredentials.lastUsedAt,
      createdAt: ixapiCredentials.createdAt,
    })
    .from(ixapiCredentials)
    .innerJoin(users, eq(users.id, ixapiCredentials.userId))
    .where(userId ? eq(ixapiCredentials.userId, userId) : undefined)
    .orderBy(asc(ixapiCredentials.id));
}

async function principalWhere(db: Database, where: ReturnType<typeof eq>) {
  const [row] = await db
    .select({ credentialId: ixapiCredentials.id, secretHash: ixapiCredentials.secretHash, userId: users.id, role: users.role, clientId: users.clientId })
    .from(ixapiCredentials)
    .innerJoin(users, eq(users.id, ixapiCredentials.userId))
    .where(where);
  return row;
}

/** The principal for a key and secret (POST /auth/token), or null; records the use. */
export async function principalForSecret(db: Database, apiKey: string, apiSecret: string, now = new Date()): Promise<IxapiPrincipal | null> {
  const row = await principalWhere(db, eq(ixapiCredentials.apiKey, apiKey));
  if (!row) return null;
  const given = Buffer.from(hashToken(apiSecret), "hex");
  if (!timingSafeEqual(given, Buffer.from(row.secretHash, "hex"))) return null;
  await db.update(ixapiCredentials).set({ lastUsedAt: now }).where(eq(ixapiCredentials.id, row.credentialId));
  return { credentialId: row.credentialId, userId: row.userId, role: row.role, clientId: row.clientId };
}

/** The principal behind a token's subject, as the user is now (role, client); null once the key is revoked. */
export async function principalForSubject(db: Database, subject: { credentialId: number; userId: string }): Promise<IxapiPrincipal | null> {
  const row = await principalWhere(db, eq(ixapiCredentials.id, subject.credentialId));
  if (!row || row.userId !== subject.userId) return null;
  return { credentialId: row.credentialId, userId: row.userId, role: row.role, clientId: row.clientId };
}
