import { DAY_MS, deprovisionDate, warningStep, type MonitoringRules } from "@/server/monitoring/rules";

/**
 * Pure: the warnings and deprovisions the monitoring calendar (monitoring/rules.ts) will act on within the
 * next `days`, for addresses whose sessions are down now. The dates come from the same rules the jobs use.
 */

export interface DownAddress {
  ipId: number;
  address: string;
  clientId: number;
  clientName: string;
  downSince: Date;
}

export interface UpcomingAction extends DownAddress {
  action: "warning" | "deprovision";
  at: Date;
}

export function nextWarningDate(downSince: Date, now: Date, rules: MonitoringRules): Date {
  const step = Math.max(0, warningStep(downSince, now, rules) + 1);
  const first = downSince.getTime() + rules.warnAfterDays * DAY_MS;
  // Before the first warning is due, the next one is the first.
  return now.getTime() < first ? new Date(first) : new Date(first + step * rules.warnRepeatDays * DAY_MS);
}

export function upcomingActions(rows: readonly DownAddress[], rules: MonitoringRules, now: Date, days: number): UpcomingAction[] {
  const until = now.getTime() + days * DAY_MS;
  const actions: UpcomingAction[] = [];
  for (const row of rows) {
    const deprovision = deprovisionDate(row.downSince, rules);
    const warning = nextWarningDate(row.downSince, now, rules);
    if (warning.getTime() < deprovision.getTime() && warning.getTime() <= until) actions.push({ ...row, action: "warning", at: warning });
    if (deprovision.getTime() >= now.getTime() && deprovision.getTime() <= until) actions.push({ ...row, action: "deprovision", at: deprovision });
  }
  return actions.sort((a, b) => a.at.getTime() - b.at.getTime() || a.address.localeCompare(b.address));
}
