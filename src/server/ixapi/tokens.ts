import { createHash, randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { requireSecret } from "@/server/env";

/** IX-API sessions: a short-lived access token and a longer refresh token, both HS256 JWTs. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_SECONDS = 24 * 60 * 60;

const ISSUER = "ixp-portal";
const AUDIENCE = "ix-api";

export type TokenUse = "access" | "refresh";

export interface TokenSubject {
  userId: string;
  credentialId: number;
}

/** Why a token was refused: IX-API tells an expired signature apart from a bad one. */
export class IxapiTokenError extends Error {
  constructor(
    public readonly reason: "expired" | "invalid",
    message: string,
  ) {
    super(message);
  }
}

/** Its own key, derived from AUTH_SECRET, so these tokens can never pass for anything else signed with it. */
function signingKey(): Uint8Array {
  return createHash("sha256").update(`ix-api-jwt\0${requireSecret("AUTH_SECRET")}`).digest();
}

async function sign(subject: TokenSubject, use: TokenUse, seconds: number, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ use, cred: subject.credentialId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(subject.userId)
    .setJti(randomUUID())
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + seconds)
    .sign(signingKey());
}

export async function issueTokenPair(subject: TokenSubject, now = new Date()) {
  return {
    access_token: await sign(subject, "access", ACCESS_TOKEN_SECONDS, now),
    refresh_token: await sign(subject, "refresh", REFRESH_TOKEN_SECONDS, now),
  };
}

/** The subject of a valid token of the given use; throws IxapiTokenError otherwise. */
export async function verifyToken(token: string, use: TokenUse, now = new Date()): Promise<TokenSubject> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"], currentDate: now });
    if (payload.use !== use || typeof payload.cred !== "number" || typeof payload.sub !== "string") {
      throw new IxapiTokenError("invalid", `this is not an ${use} token`);
    }
    return { userId: payload.sub, credentialId: payload.cred };
  } catch (error) {
    if (error instanceof IxapiTokenError) throw error;
    if (error instanceof errors.JWTExpired) throw new IxapiTokenError("expired", `the ${use} token has expired`);
    throw new IxapiTokenError("invalid", `the ${use} token is invalid`);
  }
}
