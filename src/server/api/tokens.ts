import { randomBytes } from "node:crypto";
import { and, asc, eq, gt, isNull, or } from "drizzle-orm";
import { writeAudit } from "@/server/audit/log";
import type { Database } from "@/server/db/client";
import { apiTokens, users } from "@/server/db/schema";
import { hasRole } from "@/server/auth/roles";
import { DomainError, NotFoundError } from "@/server/errors";
import { hashToken } from "@/server/requests/tokens";
import { API_SCOPES, API_SCOPE_NAMES, type ApiScope } from "@/shared/api-scopes";
import type { UserRole } from "@/shared/enums";
import { apiTokenInputSchema, type ApiTokenInput } from "@/shared/validation/api-token";

/** Recognisable prefix (secret scanners and humans can tell what leaked), then 256 random bits. */
const TOKEN_PREFIX = "ixp_";
const TOKEN_PATTERN = /^ixp_[A-Za-z0-9_-]{43}$/;

/** Whether a user with this role may hold (and use) the scope. */
export const roleAllowsScope = (role: UserRole, scope: ApiScope) => hasRole(role, API_SCOPES[scope].role);

/** Every scope a role may hold. */
export const scopesOfRole = (role: UserRole): ApiScope[] => API_SCOPE_NAMES.filter((scope) => roleAllowsScope(role, scope));

/** Creates a token for a user; the plain token is returned once and only its hash is stored. */
export async function createApiToken(db: Database, actor: string, input: ApiTokenInput, now = new Date()) {
  const data = apiTokenInputSchema.parse(input);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const scopes = [...new Set(data.scopes)];
  const expiresAt = data.expiresInDays ? new Date(now.getTime() + data.expiresInDays * 86_400_000) : null;
  const id = await db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, data.userEmail));
    if (!user) throw new NotFoundError(`no user has the email ${data.userEmail}`);
    const beyond = scopes.filter((scope) => !roleAllowsScope(user.role, scope));
    if (beyond.length > 0) {
      throw new DomainError(`${data.userEmail} is a ${user.role}, so a token of theirs cannot have ${beyond.join(", ")} (a ${user.role} may hold ${scopesOfRole(user.role).join(", ")})`);
    }
    const [created] = await tx
      .insert(apiTokens)
      .values({ userId: user.id, name: data.name, tokenHash: hashToken(token), scopes, allowedAddresses: data.allowedAddresses, expiresAt })
      .$returningId();
    await writeAudit(tx, {
      actor,
      action: "api_token.create",
      entityType: "api_token",
      entityId: created!.id,
      before: null,
      after: { name: data.name, user: data.userEmail, role: user.role, scopes, allowedAddresses: data.allowedAddresses, expiresAt },
    });
    return created!.id;
  });
  return { id, token, expiresAt, scopes };
}

export async function revokeApiToken(db: Database, actor: string, id: number) {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ id: apiTokens.id, name: apiTokens.name, userId: apiTokens.userId, scopes: apiTokens.scopes }).from(apiTokens).where(eq(apiTokens.id, id));
    if (!before) throw new NotFoundError(`no API token has the id ${id}`);
    await tx.delete(apiTokens).where(eq(apiTokens.id, id));
    await writeAudit(tx, { actor, action: "api_token.revoke", entityType: "api_token", entityId: id, before, after: null });
  });
}

export async function listApiTokens(db: Database) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      email: users.email,
      role: users.role,
      scopes: apiTokens.scopes,
      allowedAddresses: apiTokens.allowedAddresses,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      createdAt: apiTokens.createdAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .orderBy(asc(apiTokens.id));
}

export interface TokenUser {
  id: string;
  email: string;
  role: UserRole;
  clientId: number | null;
  tokenName: string;
  /** The token's scopes that its user's role (today's, not the one at creation) still allows. */
  scopes: ApiScope[];
  allowedAddresses: string[];
}

/** The user behind a bearer token, or null when it is unknown, malformed or expired. */
export async function userForToken(db: Database, token: string, now = new Date()): Promise<TokenUser | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const hash = hashToken(token);
  const [row] = await db
    .select({
      tokenId: apiTokens.id,
      tokenName: apiTokens.name,
      scopes: apiTokens.scopes,
      allowedAddresses: apiTokens.allowedAddresses,
      lastUsedAt: apiTokens.lastUsedAt,
      id: users.id,
      email: users.email,
      role: users.role,
      clientId: users.clientId,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hash), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))));
  if (!row) return null;
  // Coarse last-use stamp: at most one write per token per minute.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
  }
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    clientId: row.clientId,
    tokenName: row.tokenName,
    scopes: row.scopes.filter((scope) => scope in API_SCOPES && roleAllowsScope(row.role, scope)),
    allowedAddresses: row.allowedAddresses,
  };
}
