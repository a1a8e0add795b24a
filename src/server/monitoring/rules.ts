import { env } from "@/server/env";

/** The monitoring calendar. One source of truth: jobs, emails, the admin page and docs read it from here. */
export interface MonitoringRules {
  warnAfterDays: number;
  warnRepeatDays: number;
  deprovisionAfterDays: number;
}

export function monitoringRules(): MonitoringRules {
  const { WARN_AFTER_DAYS, WARN_REPEAT_DAYS, DEPROVISION_AFTER_DAYS } = env();
  return { warnAfterDays: WARN_AFTER_DAYS, warnRepeatDays: WARN_REPEAT_DAYS, deprovisionAfterDays: DEPROVISION_AFTER_DAYS };
}

export const DAY_MS = 86_400_000;

export function daysDown(downSince: Date, now: Date): number {
  return (now.getTime() - downSince.getTime()) / DAY_MS;
}

export function deprovisionDate(downSince: Date, rules: MonitoringRules): Date {
  return new Date(downSince.getTime() + rules.deprovisionAfterDays * DAY_MS);
}

/**
 * Which warning an outage that started at downSince is on: 0 for the first (after warnAfterDays), 1 for the
 * first repeat, ... Whether any warning is due at all is the query's (ipsDueForWarning). A missed day sends
 * only the current step, never a backlog.
 */
export function warningStep(downSince: Date, now: Date, rules: MonitoringRules): number {
  return Math.floor((daysDown(downSince, now) - rules.warnAfterDays) / rules.warnRepeatDays);
}

/** The rules in plain words, for members and volunteers (admin member page, docs, emails). */
export function describeMonitoringRules(rules: MonitoringRules): string[] {
  return [
    "Every IP address on the peering LAN is pinged once a second; the portal stores only changes (up or down) and per-minute statistics.",
    "\"Provisioned\" means the route servers have BGP sessions configured for the address and it is shown publicly.",
    "\"Monitor\" means the address is watched: it can receive warnings and be deprovisioned automatically.",
    `When all route-server sessions of a monitored address have been down for ${rules.warnAfterDays} days, the member's contact gets a warning email, repeated every ${rules.warnRepeatDays} days.`,
    `After ${rules.deprovisionAfterDays} days down, the address is deprovisioned: its sessions are removed from the route servers and the member gets a final email. The address and the tunnel stay allocated, so re-enabling is one click.`,
    "When a deprovisioned or unmonitored address answers pings or brings a session up again, monitoring switches back on by itself.",
    "A volunteer re-enables an address with one action (it becomes provisioned again) and may turn monitoring off so it is not removed again.",
  ];
}
