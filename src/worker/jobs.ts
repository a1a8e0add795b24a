import cron from "node-cron";
import type { ContinuousService, ScheduledJob } from "@/server/jobs/types";
import { env } from "@/server/env";
import { runDnsRender } from "@/server/dns/job";
import { DomainError } from "@/server/errors";
import { runIxfExport } from "@/server/ixf/job";
import { runPrune } from "@/server/jobs/prune";
import { runOutbox } from "@/server/mail/outbox-job";
import { runMaintenance } from "@/server/maintenance/job";
import { runDeprovision } from "@/server/monitoring/deprovision";
import { pingMonitorService } from "@/server/monitoring/ping/service";
import { runWarnings } from "@/server/monitoring/warnings";
import { runConfigRollout, runIrrRefresh, runRouteServerSessions } from "@/server/routeserver/jobs";
import { runZerotierReconcile } from "@/server/tunnels/zerotier/job";

/** "HH:MM" (UTC) as a daily node-cron expression. */
function dailyAt(time: string, minuteOffset = 0): string {
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  const total = (hour * 60 + minute + minuteOffset) % 1440;
  return `0 ${total % 60} ${Math.floor(total / 60)} * * *`;
}

/**
 * The one job registry: the worker schedules these, `ixp job run` and the Jobs page run them once.
 * Adding a job is one entry here (its code lives in its domain module).
 */
export function scheduledJobs(): ScheduledJob[] {
  const { WARN_TIME, JOB_SCHEDULES } = env();
  return withScheduleOverrides(JOB_SCHEDULES, [
    { name: "outbox", schedule: "*/30 * * * * *", description: "Send pending emails; failed ones are retried with back-off", run: runOutbox },
    {
      name: "warnings",
      schedule: dailyAt(WARN_TIME),
      description: "Email members whose route-server sessions have all been down for WARN_AFTER_DAYS, every WARN_REPEAT_DAYS",
      run: (ctx) => runWarnings(ctx),
    },
    {
      name: "deprovision",
      // After the warnings, so a member never gets a warning after the final email of the same day.
      schedule: dailyAt(WARN_TIME, 5),
      description: "Clear `provisioned` on monitored IPs down for DEPROVISION_AFTER_DAYS; final email, audit entry, route servers marked changed",
      run: (ctx) => runDeprovision(ctx),
    },
    {
      name: "routeserver-sessions",
      schedule: "0 * * * * *",
      description: "Read every route server's BGP sessions into member IPs; an unmonitored IP whose session comes up gets monitor back",
      run: runRouteServerSessions,
    },
    {
      name: "config-rollout",
      schedule: "30 * * * * *",
      description: "Render, check (bird -p -c) and reload route servers whose config changed, one after the other; refresh the IX-F export",
      run: runConfigRollout,
    },
    {
      name: "maintenance",
      // Before config-rollout in the same minute, so a window's start or end is rolled out within a minute.
      schedule: "15 * * * * *",
      description: "Maintenance windows: mark route servers for graceful shutdown (MAINTENANCE_GSHUT_LEAD_MINUTES before) and after; 24-hour reminders and \"ended\" emails",
      run: runMaintenance,
    },
    { name: "ixf-export", schedule: "0 */15 * * * *", description: "Regenerate the IX-F Member Export (the last good one stays if it fails)", run: runIxfExport },
    { name: "dns-render", schedule: "15 * * * * *", description: "Write the peering LANs' reverse zones to RDNS_ZONE_DIR, checked with named-checkzone, and push changes to RDNS_UPDATE_SERVER when set (needs RDNS_DOMAIN)", run: runDnsRender },
    { name: "irr-refresh", schedule: "0 41 4 * * *", description: "Fetch IRR prefix lists with bgpq4 (IRR_SERVER) and PeeringDB prefix counts and never-via list (PEERINGDB_URL)", run: runIrrRefresh },
    { name: "zerotier-reconcile", schedule: "0 */5 * * * *", description: "Authorise ZeroTier members and their addresses on the controller (needs ZEROTIER_TOKEN)", run: runZerotierReconcile },
    {
      name: "prune",
      schedule: "0 17 3 * * *",
      description: "Delete ping rollups older than PING_ROLLUP_KEEP_DAYS, job runs older than JOB_RUNS_KEEP_DAYS, and request rate-limit counters and LAN watcher sightings older than a day",
      run: runPrune,
    },
  ]);
}

/** Applies JOB_SCHEDULES ("name=expression;name=expression"); a typo fails loudly at start. */
function withScheduleOverrides(overrides: string | undefined, jobs: ScheduledJob[]): ScheduledJob[] {
  if (!overrides) return jobs;
  const byName = new Map<string, string>();
  for (const entry of overrides.split(";").map((part) => part.trim()).filter(Boolean)) {
    const [name, expression] = [entry.slice(0, entry.indexOf("=")).trim(), entry.slice(entry.indexOf("=") + 1).trim()];
    if (!jobs.some((job) => job.name === name)) throw new DomainError(`JOB_SCHEDULES: no job named "${name}" (jobs: ${jobs.map((job) => job.name).join(", ")})`);
    if (!cron.validate(expression)) throw new DomainError(`JOB_SCHEDULES: "${expression}" is not a valid cron expression for ${name}`);
    byName.set(name, expression);
  }
  return jobs.map((job) => ({ ...job, schedule: byName.get(job.name) ?? job.schedule }));
}

export const continuousServices: ContinuousService[] = [pingMonitorService];

export function findJob(name: string): ScheduledJob | undefined {
  return scheduledJobs().find((job) => job.name === name);
}
