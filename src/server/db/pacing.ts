import { sql } from "drizzle-orm";
import type { Database } from "./client";
import { retryOnConflict } from "./retry";

/**
 * Starts spaced at least `spacingMs` apart, for every process and host together: the next free start time is a
 * row in `pacing_slots`, reserved under its row lock, on the database's clock (so skewed hosts agree).
 * Returns how long the caller must wait before starting, or null when that would be longer than `maxWaitMs`
 * (nothing is reserved then).
 */
export async function reserveStart(db: Database, name: string, spacingMs: number, maxWaitMs: number): Promise<number | null> {
  return retryOnConflict(
    () =>
      db.transaction(async (tx) => {
        await tx.execute(sql`INSERT IGNORE INTO pacing_slots (name, next_start_at) VALUES (${name}, UTC_TIMESTAMP(3))`);
        const [rows] = (await tx.execute(
          sql`SELECT GREATEST(0, TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3), next_start_at)) AS wait_us FROM pacing_slots WHERE name = ${name} FOR UPDATE`,
        )) as unknown as [{ wait_us: number | string }[]];
        const waitMs = Number(rows[0]!.wait_us) / 1000;
        if (waitMs > maxWaitMs) return null;
        await tx.execute(
          sql`UPDATE pacing_slots SET next_start_at = GREATEST(next_start_at, UTC_TIMESTAMP(3)) + INTERVAL ${Math.round(spacingMs * 1000)} MICROSECOND WHERE name = ${name}`,
        );
        return waitMs;
      }),
    { what: `reserving a start for ${name}` },
  );
}
