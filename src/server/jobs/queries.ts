import { desc, eq } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { jobRuns } from "@/server/db/schema";

const RUN_COLUMNS = {
  id: jobRuns.id,
  jobName: jobRuns.jobName,
  workerId: jobRuns.workerId,
  startedAt: jobRuns.startedAt,
  finishedAt: jobRuns.finishedAt,
  outcome: jobRuns.outcome,
  asOf: jobRuns.asOf,
  dryRun: jobRuns.dryRun,
  counts: jobRuns.counts,
  error: jobRuns.error,
  scheduledFor: jobRuns.scheduledFor,
};

export async function recentRuns(db: Executor, jobName: string, limit = 5) {
  return db.select(RUN_COLUMNS).from(jobRuns).where(eq(jobRuns.jobName, jobName)).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(limit);
}

export type JobRunRow = Awaited<ReturnType<typeof recentRuns>>[number];

/** "ok 2026-01-02 09:00:00 (members 1, queued 1)" */
export function describeRun(run: JobRunRow): string {
  const counts = Object.entries(run.counts ?? {})
    .map(([key, value]) => `${key} ${value}`)
    .join(", ");
  const when = run.startedAt.toISOString().replace("T", " ").slice(0, 19);
  return `${run.outcome}${run.dryRun ? " (dry run)" : ""} ${when}${counts ? ` (${counts})` : ""}${run.error ? `: ${run.error}` : ""}`;
}
