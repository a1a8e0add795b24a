import {
  bigint,
  index,
  int,
  json,
  mediumtext,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  text,
  uniqueIndex,
  varchar,
  float,
  boolean,
} from "drizzle-orm/mysql-core";
import { JOB_OUTCOMES, MAIL_DELIVERIES, OUTBOX_STATES, PING_STATES } from "@/shared/enums";
import { createdAt, utcDatetime } from "./columns";
import { ips } from "./members";

/** Who changed what, when, with the state before and after. */
export const auditLog = mysqlTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number", unsigned: true }).autoincrement().primaryKey(),
    /** A user id, or a system actor such as "cli", "worker" or "api:<token name>". */
    actor: varchar("actor", { length: 255 }).notNull(),
    action: varchar("action", { length: 64 }).notNull(),
    entityType: varchar("entity_type", { length: 32 }).notNull(),
    entityId: varchar("entity_id", { length: 64 }).notNull(),
    before: json("before").$type<Record<string, unknown> | null>(),
    after: json("after").$type<Record<string, unknown> | null>(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_entity_idx").on(t.entityType, t.entityId), index("audit_created_idx").on(t.createdAt)],
);

/** Ping state changes only; steady state writes nothing. */
export const pingEvents = mysqlTable(
  "ping_events",
  {
    id: bigint("id", { mode: "number", unsigned: true }).autoincrement().primaryKey(),
    ipId: int("ip_id")
      .notNull()
      .references(() => ips.id, { onDelete: "cascade" }),
    state: mysqlEnum("state", PING_STATES).notNull(),
    at: utcDatetime("at").notNull(),
  },
  (t) => [index("ping_events_ip_at_idx").on(t.ipId, t.at), index("ping_events_at_idx").on(t.at)],
);

/** Per-minute probe statistics per IP. */
export const pingRollups = mysqlTable(
  "ping_rollups",
  {
    ipId: int("ip_id")
      .notNull()
      .references(() => ips.id, { onDelete: "cascade" }),
    minute: utcDatetime("minute").notNull(),
    sent: int("sent", { unsigned: true }).notNull(),
    received: int("received", { unsigned: true }).notNull(),
    rttMinMs: float("rtt_min_ms"),
    rttAvgMs: float("rtt_avg_ms"),
    rttMaxMs: float("rtt_max_ms"),
  },
  (t) => [primaryKey({ columns: [t.ipId, t.minute] }), index("ping_rollups_minute_idx").on(t.minute)],
);

/** Every email goes through here; dedupe_key makes a second enqueue of the same message a no-op. */
export const emailOutbox = mysqlTable(
  "email_outbox",
  {
    id: bigint("id", { mode: "number", unsigned: true }).autoincrement().primaryKey(),
    dedupeKey: varchar("dedupe_key", { length: 191 }).notNull(),
    toAddress: varchar("to_address", { length: 255 }).notNull(),
    subject: varchar("subject", { length: 255 }).notNull(),
    textBody: mediumtext("text_body").notNull(),
    status: mysqlEnum("status", OUTBOX_STATES).notNull().default("pending"),
    attempts: int("attempts").notNull().default(0),
    nextAttemptAt: utcDatetime("next_attempt_at").notNull(),
    lastError: text("last_error"),
    sentAt: utcDatetime("sent_at"),
    /** Set with sentAt: whether the email went to an SMTP server or stayed in the mailbox. */
    deliveredVia: mysqlEnum("delivered_via", MAIL_DELIVERIES),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("email_outbox_dedupe_uq").on(t.dedupeKey), index("email_outbox_due_idx").on(t.status, t.nextAttemptAt)],
);

export const jobRuns = mysqlTable(
  "job_runs",
  {
    id: bigint("id", { mode: "number", unsigned: true }).autoincrement().primaryKey(),
    jobName: varchar("job_name", { length: 64 }).notNull(),
    workerId: varchar("worker_id", { length: 128 }).notNull(),
    startedAt: utcDatetime("started_at").notNull(),
    finishedAt: utcDatetime("finished_at"),
    outcome: mysqlEnum("outcome", JOB_OUTCOMES).notNull().default("running"),
    /** Evaluation time when run with --now, else null. */
    asOf: utcDatetime("as_of"),
    dryRun: boolean("dry_run").notNull().default(false),
    counts: json("counts").$type<Record<string, number>>(),
    error: text("error"),
    /** The cron slot a scheduled run belongs to (null for manual runs): unique, so replicas run each slot once. */
    scheduledFor: utcDatetime("scheduled_for"),
  },
  (t) => [index("job_runs_name_started_idx").on(t.jobName, t.startedAt), uniqueIndex("job_runs_slot_uq").on(t.jobName, t.scheduledFor)],
);

/** One row per worker process: its heartbeat and the live state of the services it runs (ping monitor). */
export const workerStatus = mysqlTable("worker_status", {
  workerId: varchar("worker_id", { length: 128 }).primaryKey(),
  hostname: varchar("hostname", { length: 255 }).notNull(),
  pid: int("pid").notNull(),
  startedAt: utcDatetime("started_at").notNull(),
  heartbeatAt: utcDatetime("heartbeat_at").notNull(),
  /** Live status of the continuous services (ping monitor) by name, as the admin Jobs page shows it. */
  services: json("services").$type<Record<string, Record<string, unknown>>>(),
});

export type AuditEntry = typeof auditLog.$inferSelect;
export type PingEvent = typeof pingEvents.$inferSelect;
export type PingRollup = typeof pingRollups.$inferSelect;
export type OutboxEmail = typeof emailOutbox.$inferSelect;
export type JobRun = typeof jobRuns.$inferSelect;
export type WorkerStatus = typeof workerStatus.$inferSelect;

/**
 * Leases: who may run a job, deploy a route server or run a continuous service right now. Unlike GET_LOCK
 * (refused or node-local on Galera) a lease is an ordinary row, so it works the same on one server and on a
 * cluster. The holder renews it before it expires; after expiry anyone may take it over. The token grows by
 * one on every new holder (the row is never deleted), so a holder that was paused past its expiry can tell.
 */
export const leases = mysqlTable("leases", {
  name: varchar("name", { length: 191 }).primaryKey(),
  /** Random per acquisition ("host:pid:uuid"); null once released. */
  holder: varchar("holder", { length: 191 }),
  /** Generation: 1 for the first holder, +1 for each later one (a stalled holder's own statements name it). */
  token: bigint("token", { mode: "number", unsigned: true }).notNull(),
  /** Database clock (UTC), so portal hosts with skewed clocks agree on expiry (Galera nodes each use their own: NTP). */
  expiresAt: utcDatetime("expires_at").notNull(),
  acquiredAt: utcDatetime("acquired_at").notNull(),
});
export type Lease = typeof leases.$inferSelect;

/**
 * Paced starts shared by every process and host (src/server/db/pacing.ts): when the next one named `name` may
 * start, on the database's clock. The looking glass keeps one per route server ("lg-bird:<id>").
 */
export const pacingSlots = mysqlTable("pacing_slots", {
  name: varchar("name", { length: 191 }).primaryKey(),
  nextStartAt: utcDatetime("next_start_at").notNull(),
});
