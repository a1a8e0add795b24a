import cron from "node-cron";
import type { Executor } from "@/server/db/client";
import { continuousServices, scheduledJobs } from "@/worker/jobs";
import { recentRuns } from "./queries";
import type { ServiceStatus } from "./types";
import { liveWorkers } from "./worker-status";

function nextRun(schedule: string): Date | null {
  const task = cron.createTask(schedule, () => undefined, { timezone: "Etc/UTC" });
  try {
    // getNextRun() is null for a task that is not started; getNextRuns() is not.
    return task.getNextRuns(1)[0] ?? null;
  } finally {
    void task.destroy();
  }
}

/** Everything the admin Jobs page shows: schedules, recent runs, live workers and the services they run. */
export async function jobsOverview(db: Executor, now = new Date()) {
  const jobs = await Promise.all(
    scheduledJobs().map(async (job) => ({
      name: job.name,
      schedule: job.schedule,
      description: job.description,
      nextRun: nextRun(job.schedule),
      runs: await recentRuns(db, job.name, 5),
    })),
  );
  const workers = await liveWorkers(db, now);
  const services = continuousServices.map((service) => {
    const reports = workers
      .map((worker) => ({ workerId: worker.workerId, heartbeatAt: worker.heartbeatAt, status: worker.services?.[service.name] as ServiceStatus | undefined }))
      .filter((report): report is { workerId: string; heartbeatAt: Date; status: ServiceStatus } => Boolean(report.status));
    return { name: service.name, description: service.description, reports };
  });
  return { jobs, services, workers: workers.map(({ workerId, hostname, pid, startedAt, heartbeatAt }) => ({ workerId, hostname, pid, startedAt, heartbeatAt })) };
}

export type JobsOverview = Awaited<ReturnType<typeof jobsOverview>>;

/** One worker's report on a continuous service in one line, e.g. "running on host:42: probing ...; 54 targets: ...". */
export function describeServiceReport({ workerId, status }: JobsOverview["services"][number]["reports"][number]): string {
  const number = (key: string) => (typeof status[key] === "number" ? status[key] : null);
  const targets = number("targets") === null ? "" : `; ${number("targets")} targets: ${number("up")} up, ${number("down")} down, ${number("unknown")} not yet known`;
  return `${status.state} on ${workerId}: ${status.reason}${targets}`;
}
