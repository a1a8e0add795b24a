import { createHash, randomBytes } from "node:crypto";

/** A random URL-safe secret; only its hash is stored where it grants something. */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether text has the shape of a request's status token (newToken's base64url), before any database lookup. */
export const isStatusToken = (text: string) => /^[A-Za-z0-9_-]{16,64}$/.test(text);

/** Whether text has the shape of an emailed single-use link token (verification or proof), before any database lookup. */
export const isLinkToken = (text: string) => /^[A-Za-z0-9_-]{20,100}$/.test(text);
