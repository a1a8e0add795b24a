/** Error codes that mean the database cannot be reached right now (not that a query was wrong). */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "PROTOCOL_CONNECTION_LOST",
  "ER_CON_COUNT_ERROR",
  "ER_SERVER_SHUTDOWN",
]);

export const isUnreachableCode = (code: unknown): code is string => typeof code === "string" && UNREACHABLE.has(code);

/** The error code of the first error in the cause chain that says the database is unreachable. */
export function unreachableDatabaseCode(error: unknown): string | null {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 10; e = e.cause as typeof e, depth++) {
    if (isUnreachableCode(e.code)) return e.code;
  }
  return null;
}
