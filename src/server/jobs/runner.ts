import { and, eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { jobRuns } from "@/server/db/schema";
import type { JobOutcome } from "@/shared/enums";
import { tryLease } from "@/server/db/lease";
import { isDuplicateKey, retryOnConflict } from "@/server/db/retry";
import type { JobContext, JobCounts, ScheduledJob } from "./types";

export interface RunOptions {
  db: Database;
  /** Recorded in job_runs.worker_id: "host:pid", "cli:user", "web:email". */
  runBy: string;
  context: Omit<JobContext, "db" | "log"> & { log?: (line: string) => void };
  /** The cron slot of a scheduled run; each (job, slot) runs once across all replicas. */
  scheduledFor?: Date;
  /** Manual runs wait this long for a run elsewhere to finish; scheduled runs never wait. */
  lockWaitSeconds?: number;
  /** Lifetime of the job's lease between renewals (tests shorten it). */
  leaseMs?: number;
  /** Evaluation time differs from the wall clock (--now). */
  asOf?: Date;
}

export type RunResult =
  | { outcome: Exclude<JobOutcome, "running" | "skipped">; runId: number; counts: JobCounts; error?: string; lines: string[] }
  | { outcome: "skipped"; reason: string; lines: string[] };

/**
 * Runs one job once: under the job's lease so replicas never overlap, recorded in job_runs
 * (start, end, outcome, counts, error). A scheduled slot already recorded by another replica is skipped:
 * the unique key on (job, slot) is what makes each slot run once, on one server and on Galera alike.
 */
export async function runJob(job: ScheduledJob, options: RunOptions): Promise<RunResult> {
  const lines: string[] = [];
  const lock = await tryLease(options.db, `job:${job.name}`, { waitMs: (options.lockWaitSeconds ?? 0) * 1000, ttlMs: options.leaseMs });
  if (!lock) return { outcome: "skipped", reason: `${job.name} is running in another process`, lines };
  try {
    // Holding the lease, any run of this job still marked running belongs to a worker that died or gave up.
    await options.db
      .update(jobRuns)
      .set({ outcome: "error", finishedAt: new Date(), error: "abandoned: its worker stopped before the run finished" })
      .where(and(eq(jobRuns.jobName, job.name), eq(jobRuns.outcome, "running")));
    let runId: number;
    try {
      // Two nodes inserting the same slot at once: the loser's commit fails certification; again, it meets the key.
      const inserted = await retryOnConflict(async () => options.db
        .insert(jobRuns)
        .values({
          jobName: job.name,
          workerId: options.runBy.slice(0, 128),
          startedAt: new Date(),
          asOf: options.asOf ?? null,
          dryRun: options.context.dryRun,
          scheduledFor: options.scheduledFor ?? null,
        })
        .$returningId(), { what: `recording the start of ${job.name}` });
      runId = inserted[0]!.id;
    } catch (error) {
      if (isDuplicateKey(error)) return { outcome: "skipped", reason: `${job.name} already ran for ${options.scheduledFor?.toISOString()}`, lines };
      throw error;
    }
    const log = (line: string) => {
      lines.push(line);
      options.context.log?.(line);
    };
    try {
      const counts = await job.run({ ...options.context, db: options.db, log });
      // Fencing: a worker that stalled past its lease's expiry may have overlapped another; say so instead of "ok".
      await lock.assertHeld();
      await options.db.update(jobRuns).set({ finishedAt: new Date(), outcome: "ok", counts }).where(eq(jobRuns.id, runId));
      return { outcome: "ok", runId, counts, lines };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await options.db
        .update(jobRuns)
        .set({ finishedAt: new Date(), outcome: "error", error: message.slice(0, 2000) })
        .where(eq(jobRuns.id, runId));
      return { outcome: "error", runId, counts: {}, error: message, lines };
    }
  } finally {
    await lock.release();
  }
}
