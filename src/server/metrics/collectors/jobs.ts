import { and, avg, count, eq, isNotNull, max, sql } from "drizzle-orm";
import { jobRuns } from "@/server/db/schema";
import { gauge, setRows, type MetricsCollector } from "../collector";

/** The worker's jobs from job_runs (kept JOB_RUNS_KEEP_DAYS days): how often each ran, how it ended, how long it took. */
export const jobsCollector: MetricsCollector = {
  domain: "jobs",
  register(registry) {
    const labelNames = ["job", "outcome"] as const;
    const runs = gauge(registry, { name: "ixp_job_runs", help: "Job runs recorded in job_runs, by job and outcome (running: not finished yet).", labelNames });
    const average = gauge(registry, { name: "ixp_job_duration_seconds_avg", help: "Average duration of the finished runs in job_runs, by job and outcome.", labelNames });
    const longest = gauge(registry, { name: "ixp_job_duration_seconds_max", help: "Longest finished run in job_runs, by job and outcome.", labelNames });
    const lastSuccess = gauge(registry, { name: "ixp_job_last_success_timestamp_seconds", help: "When each job last finished with outcome ok (Unix time).", labelNames: ["job"] });
    return async (db) => {
      const seconds = sql<number>`timestampdiff(microsecond, ${jobRuns.startedAt}, ${jobRuns.finishedAt}) / 1e6`;
      const rows = await db
        .select({ job: jobRuns.jobName, outcome: jobRuns.outcome, n: count(), average: avg(seconds), longest: max(seconds) })
        .from(jobRuns)
        .groupBy(jobRuns.jobName, jobRuns.outcome);
      const labelsOf = (r: (typeof rows)[number]) => ({ job: r.job, outcome: r.outcome });
      setRows(runs, rows.map((r) => ({ labels: labelsOf(r), value: r.n })));
      const finished = rows.filter((r) => r.longest !== null);
      setRows(average, finished.map((r) => ({ labels: labelsOf(r), value: Number(r.average) })));
      setRows(longest, finished.map((r) => ({ labels: labelsOf(r), value: Number(r.longest) })));
      const successes = await db
        .select({ job: jobRuns.jobName, at: max(jobRuns.finishedAt) })
        .from(jobRuns)
        .where(and(eq(jobRuns.outcome, "ok"), isNotNull(jobRuns.finishedAt)))
        .groupBy(jobRuns.jobName);
      setRows(lastSuccess, successes.map((r) => ({ labels: { job: r.job }, value: (r.at?.getTime() ?? 0) / 1000 })));
    };
  },
};
