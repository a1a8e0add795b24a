import { and, eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { requests } from "@/server/db/schema";
import { DomainError } from "@/server/errors";
import { hashToken, isLinkToken } from "./tokens";

export class VerificationError extends DomainError {}

/**
 * The request a verification link belongs to, while the link still works. Reading it changes nothing:
 * mail scanners open links, so only the confirm button (verifyRequest) confirms.
 */
export async function requestToVerify(db: Database, token: string, now = new Date()) {
  if (!isLinkToken(token)) throw new VerificationError("This verification link is incomplete. Copy the whole link from the email.");
  const hash = hashToken(token);
  const [request] = await db
    .select({
      id: requests.id,
      networkName: requests.networkName,
      asn: requests.asn,
      contactEmail: requests.contactEmail,
      state: requests.state,
      statusToken: requests.statusToken,
      expiresAt: requests.verificationExpiresAt,
    })
    .from(requests)
    .where(eq(requests.verificationTokenHash, hash));
  if (!request) {
    throw new VerificationError("This verification link is not valid or was already used. The link to follow your request is in the same email.");
  }
  if (!request.expiresAt || request.expiresAt <= now) {
    throw new VerificationError("This verification link has expired. Please send the request again from the Connect page.");
  }
  return { ...request, tokenHash: hash };
}

/** Confirms the requester's email with the single-use token; returns the status token to show them. */
export async function verifyRequest(db: Database, token: string, now = new Date()): Promise<{ statusToken: string }> {
  const request = await requestToVerify(db, token, now);
  // Clearing the hash in the same statement makes the token single-use even under concurrent clicks.
  const [result] = await db
    .update(requests)
    .set({ state: request.state === "unverified" ? "pending" : request.state, verifiedAt: now, verificationTokenHash: null, verificationExpiresAt: null })
    .where(and(eq(requests.id, request.id), eq(requests.verificationTokenHash, request.tokenHash)));
  if (result.affectedRows !== 1) throw new VerificationError("This verification link was already used.");
  return { statusToken: request.statusToken };
}
