import { hostname } from "node:os";
import cron, { type ScheduledTask } from "node-cron";
import { closeDb, getDb } from "@/server/db/client";
import { createJobContext } from "@/server/jobs/context";
import { runJob } from "@/server/jobs/runner";
import type { ScheduledJob } from "@/server/jobs/types";
import { HEARTBEAT_INTERVAL_MS, removeWorkerStatus, writeHeartbeat } from "@/server/jobs/worker-status";
import { logger } from "@/server/log";
import { continuousServices, scheduledJobs } from "./jobs";
import { ServiceRunner } from "./service-runner";

/**
 * The worker: schedules every registered job with node-cron and runs the continuous services.
 * Any number of replicas may run; leases and job_runs slots make each scheduled run happen once.
 */
const worker = { workerId: `${hostname()}:${process.pid}`, hostname: hostname(), pid: process.pid, startedAt: new Date() };
const log = logger.child({ worker: worker.workerId });
const db = getDb();
const inFlight = new Set<Promise<unknown>>();
let shuttingDown = false;

async function runScheduled(job: ScheduledJob, slot: Date): Promise<void> {
  if (shuttingDown) return;
  const scheduledFor = new Date(Math.floor(slot.getTime() / 1000) * 1000);
  const context = createJobContext({ db, now: scheduledFor, actor: `worker:${job.name}`, log: (line) => log.info({ job: job.name }, line) });
  const run = runJob(job, { db, runBy: worker.workerId, context, scheduledFor });
  inFlight.add(run);
  try {
    const result = await run;
    if (result.outcome === "skipped") log.debug({ job: job.name }, result.reason);
    else if (result.outcome === "error") log.error({ job: job.name, error: result.error }, "job failed");
    else log.debug({ job: job.name, counts: result.counts }, "job done");
  } catch (error) {
    log.error({ job: job.name, err: error }, "job could not be run");
  } finally {
    inFlight.delete(run);
  }
}

const jobs = scheduledJobs();
const tasks: ScheduledTask[] = jobs.map((job) =>
  cron.schedule(job.schedule, (context) => runScheduled(job, context.date), { name: job.name, timezone: "Etc/UTC", noOverlap: true }),
);
const services = continuousServices.map((service) => new ServiceRunner(service, db, (line) => log.info({ service: service.name }, line)));

async function heartbeat(): Promise<void> {
  const statuses = Object.fromEntries(services.map((runner) => [runner.service.name, runner.status()]));
  await writeHeartbeat(db, worker, statuses).catch((error) => log.warn({ err: error }, "heartbeat not written"));
}

const heartbeatTimer = setInterval(() => void heartbeat(), HEARTBEAT_INTERVAL_MS);
// Not awaited before the signal handlers below are in place: starting the services can take a while (a slow
// database), the periodic heartbeat already shows the worker alive meanwhile, and a SIGTERM without a
// handler would kill it on the spot (exit 143, no log, status row left behind).
const started = Promise.all(services.map((runner) => runner.start())).then(() => heartbeat());

/** SIGTERM: no new runs; running ones get 20 s to finish, then are abandoned (their leases lapse). */
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log.info(`${signal}: stopping`);
  clearInterval(heartbeatTimer);
  for (const task of tasks) await task.stop();
  // A service still starting is stopped once it has started (stopping it halfway would leak its children).
  await started.catch(() => undefined);
  await Promise.all(services.map((runner) => runner.stop().catch((error) => log.error({ err: error }, "service did not stop cleanly"))));
  const finished = await Promise.race([
    Promise.allSettled([...inFlight]).then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000)),
  ]);
  if (!finished) log.warn("abandoning running jobs");
  await removeWorkerStatus(db, worker.workerId).catch(() => undefined);
  await closeDb().catch(() => undefined);
  log.info("stopped");
  process.exit(finished ? 0 : 1);
}

process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

await started;
if (!shuttingDown) log.info({ jobs: jobs.map((job) => `${job.name} ${job.schedule}`) }, "worker started");
