import { describe, expect, it } from "vitest";
import { ConflictError } from "@/server/errors";
import { ConflictRetryError, isWriteConflict, retryOnConflict } from "@/server/db/retry";

/** What drizzle throws for a Galera certification failure: its own error with the driver's as the cause. */
const certificationFailure = () =>
  Object.assign(new Error("Failed query: commit"), { cause: Object.assign(new Error("Deadlock found when trying to get lock; try restarting transaction"), { errno: 1213, code: "ER_LOCK_DEADLOCK" }) });

describe("retryOnConflict", () => {
  it("recognises deadlocks, certification failures and lock wait timeouts anywhere in the cause chain, nothing else", () => {
    expect(isWriteConflict(certificationFailure())).toBe(true);
    expect(isWriteConflict({ errno: 1205 })).toBe(true);
    expect(isWriteConflict(Object.assign(new Error("dup"), { errno: 1062, code: "ER_DUP_ENTRY" }))).toBe(false);
    expect(isWriteConflict(new Error("connection lost"))).toBe(false);
  });

  it("runs the operation again after a conflict until it succeeds", async () => {
    const retried: number[] = [];
    const result = await retryOnConflict(
      async (attempt) => {
        if (attempt < 3) throw certificationFailure();
        return `done on ${attempt}`;
      },
      { baseDelayMs: 1, onRetry: (attempt) => retried.push(attempt) },
    );
    expect(result).toBe("done on 3");
    expect(retried).toEqual([1, 2]);
  });

  it("gives up after the bounded number of attempts with a clear error that keeps the cause", async () => {
    let calls = 0;
    const error = await retryOnConflict(
      async () => {
        calls++;
        throw certificationFailure();
      },
      { attempts: 4, baseDelayMs: 1, what: "approving request #7" },
    ).catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect(error).toBeInstanceOf(ConflictRetryError);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe("approving request #7 conflicted with concurrent changes 4 times in a row; nothing was saved, please try again");
    expect(isWriteConflict((error as Error).cause)).toBe(true);
    // Final: an outer retry does not start over.
    expect(isWriteConflict(error)).toBe(false);
  });

  it("passes any other error straight through, without retrying", async () => {
    let calls = 0;
    await expect(
      retryOnConflict(async () => {
        calls++;
        throw new Error("no such request");
      }),
    ).rejects.toThrow("no such request");
    expect(calls).toBe(1);
  });
});
