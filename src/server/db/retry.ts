import { ConflictError } from "@/server/errors";

/**
 * Retry for transactions that can lose a write conflict. On one MariaDB/MySQL a conflict is a deadlock
 * (ER_LOCK_DEADLOCK) or a lock wait timeout; on Galera, row locks are local to a node and two nodes find
 * out at commit: the loser's commit fails certification, reported as the same deadlock error. Either
 * way the whole transaction was rolled back and running it again from the start is safe.
 */

/** ER_LOCK_DEADLOCK (also Galera's certification failure and brute-force abort) and ER_LOCK_WAIT_TIMEOUT. */
const RETRYABLE_ERRNOS = new Set([1213, 1205]);
const RETRYABLE_CODES = new Set(["ER_LOCK_DEADLOCK", "ER_LOCK_WAIT_TIMEOUT"]);

export interface RetryOptions {
  /** Tries in all, including the first. */
  attempts?: number;
  /** First back-off; doubles per attempt, capped at maxDelayMs, each one jittered (0.5–1.5×). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** What was being done, for the error when the attempts run out ("approving request #12"). */
  what?: string;
  /** Called before each retry (metrics, tests). */
  onRetry?: (attempt: number, error: unknown) => void;
}

export const DEFAULT_ATTEMPTS = 8;

/**
 * The attempts ran out: the operation conflicted with concurrent changes every time and nothing was saved.
 * A ConflictError, so forms, API (409) and CLI show its message as is.
 */
export class ConflictRetryError extends ConflictError {
  constructor(
    readonly what: string,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(`${what} conflicted with concurrent changes ${attempts} time${attempts === 1 ? "" : "s"} in a row; nothing was saved, please try again`, options);
    this.name = "ConflictRetryError";
  }
}

/** True for a write conflict anywhere in the error's cause chain (drizzle wraps the driver's error). */
export function isWriteConflict(error: unknown): boolean {
  // An inner retry that already gave up is final: an outer one must not multiply the attempts.
  if (error instanceof ConflictRetryError) return false;
  for (let e = error as { errno?: number; code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if ((typeof e.errno === "number" && RETRYABLE_ERRNOS.has(e.errno)) || (typeof e.code === "string" && RETRYABLE_CODES.has(e.code))) return true;
  }
  return false;
}

/** True for a duplicate-key error (a unique index said no) anywhere in the error's cause chain. */
export function isDuplicateKey(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) if (e.code === "ER_DUP_ENTRY") return true;
  return false;
}

export function retryDelay(attempt: number, base: number, max: number): number {
  const nominal = Math.min(base * 2 ** (attempt - 1), max);
  return Math.round(nominal * (0.5 + Math.random()));
}

/** Runs `operation` (a whole transaction, never part of one) again on a write conflict, a bounded number of times. */
export async function retryOnConflict<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const base = options.baseDelayMs ?? 10;
  const max = options.maxDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isWriteConflict(error)) throw error;
      if (attempt >= attempts) throw new ConflictRetryError(options.what ?? "the change", attempts, { cause: error });
      options.onRetry?.(attempt, error);
      await new Promise((resolve) => setTimeout(resolve, retryDelay(attempt, base, max)));
    }
  }
}
