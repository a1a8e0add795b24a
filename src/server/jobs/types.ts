import type { Database } from "@/server/db/client";
import type { MailTransport } from "@/server/mail/transport";

export type JobCounts = Record<string, number>;

/** What every job receives. Jobs read the clock only from `now` and change nothing when `dryRun` is set. */
export interface JobContext {
  db: Database;
  /** The time the job evaluates as of: the scheduled time, or --now. */
  now: Date;
  dryRun: boolean;
  /** One line per thing the job did (or, in a dry run, would do); the CLI prints them. */
  log(line: string): void;
  mail: MailTransport;
  /** Who appears in the audit log. */
  actor: string;
  /**
   * Called once after a job changed what the route servers must announce (e.g. deprovisioning).
   * Defaults to marking every route server's config as changed; the deploy job picks that up.
   */
  onRouteServerConfigChanged(): Promise<void>;
}

/** A job that runs on a cron schedule (or once, from the CLI or the Jobs page). */
export interface ScheduledJob {
  name: string;
  /** node-cron expression, seconds field first when present. */
  schedule: string;
  description: string;
  run(ctx: JobContext): Promise<JobCounts>;
}

/** What the admin Jobs page shows about a continuous service. */
export interface ServiceStatus {
  state: "running" | "standby" | "idle" | "stopped";
  reason: string;
  [detail: string]: unknown;
}

export interface RunningService {
  status(): ServiceStatus;
  /** Finish cleanly: end children, write what is pending. */
  stop(): Promise<void>;
}

/** A service that runs all the time in exactly one worker (the one holding its database lock). */
export interface ContinuousService {
  name: string;
  description: string;
  /** Null when it may run; otherwise why it stays idle (shown on the Jobs page). */
  idleReason(): string | null;
  start(db: Database, log: (line: string) => void): Promise<RunningService>;
}
