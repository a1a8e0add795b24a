import { lt, sql } from "drizzle-orm";
import { jobRuns, lanSightings, pingRollups, rateLimitBuckets } from "@/server/db/schema";
import { env } from "@/server/env";
import { DAY_MS } from "@/server/monitoring/rules";
import type { JobCounts, JobContext } from "./types";

const CHUNK = 10_000;

/**
 * Daily: per-minute ping rollups (10,000 IPs make 14 million rows a day) and old job runs are kept
 * for a configurable number of days, request rate-limit buckets and LAN watcher sightings for one day, then deleted in
 * small chunks so no long lock is held.
 */
export async function runPrune(ctx: JobContext): Promise<JobCounts> {
  const { PING_ROLLUP_KEEP_DAYS, JOB_RUNS_KEEP_DAYS } = env();
  const targets = [
    { name: "pingRollups", table: pingRollups, column: pingRollups.minute, days: PING_ROLLUP_KEEP_DAYS },
    { name: "jobRuns", table: jobRuns, column: jobRuns.startedAt, days: JOB_RUNS_KEEP_DAYS },
    // Only the current hour's buckets count; a day keeps recent ones for looking into abuse.
    { name: "rateLimitBuckets", table: rateLimitBuckets, column: rateLimitBuckets.windowStart, days: 1 },
    // Findings are judged on the last minutes of sightings (SIGHTING_WINDOW_MS); the findings themselves stay.
    { name: "lanSightings", table: lanSightings, column: lanSightings.lastSeenAt, days: 1 },
  ] as const;
  const counts: JobCounts = {};
  for (const target of targets) {
    const before = new Date(ctx.now.getTime() - target.days * DAY_MS);
    if (ctx.dryRun) {
      const [row] = await ctx.db.select({ n: sql<number>`count(*)` }).from(target.table).where(lt(target.column, before));
      counts[target.name] = Number(row?.n ?? 0);
      ctx.log(`would delete ${counts[target.name]} ${target.name} rows older than ${before.toISOString()}`);
      continue;
    }
    let deleted = 0;
    for (;;) {
      const [result] = await ctx.db.delete(target.table).where(lt(target.column, before)).limit(CHUNK);
      deleted += result.affectedRows;
      if (result.affectedRows < CHUNK) break;
    }
    counts[target.name] = deleted;
    if (deleted > 0) ctx.log(`deleted ${deleted} ${target.name} rows older than ${before.toISOString()}`);
  }
  return counts;
}
