import { env } from "@/server/env";
import type { QueuedEmail } from "@/server/mail/outbox";
import { type AffectedMember } from "./queries";
import { describeTarget, type MaintenanceRecord } from "./windows";
import { utcMinute } from "@/shared/utc";

/** The emails of one window: when scheduled, 24 hours before, when over, and when called off. */
export const MAINTENANCE_EMAIL_KINDS = ["scheduled", "reminder", "ended", "cancelled"] as const;
export type MaintenanceEmailKind = (typeof MAINTENANCE_EMAIL_KINDS)[number];

/** The reminder goes out this long before a window starts. */
export const REMINDER_BEFORE_MS = 24 * 3_600_000;

/** One email per window, kind and member: the outbox never sends it twice. */
export function maintenanceEmailKey(windowId: number, kind: MaintenanceEmailKind, clientId: number): string {
  return `maintenance:${windowId}:${kind}:client:${clientId}`;
}


const SUBJECTS: Record<MaintenanceEmailKind, string> = {
  scheduled: "Planned maintenance",
  reminder: "Reminder: maintenance in 24 hours",
  ended: "Maintenance finished",
  cancelled: "Maintenance cancelled",
};

export function maintenanceEmail(kind: MaintenanceEmailKind, window: MaintenanceRecord, member: AffectedMember): QueuedEmail {
  const { IX_NAME, IX_SUPPORT_EMAIL, APP_URL } = env();
  const target = describeTarget(window);
  const opening: Record<MaintenanceEmailKind, string> = {
    scheduled: `we have planned maintenance of ${target}, which concerns your connection to ${IX_NAME}:`,
    reminder: `a reminder: the maintenance of ${target} starts in about 24 hours:`,
    ended: `the maintenance of ${target} is over; everything should be back to normal:`,
    cancelled: `the maintenance of ${target} announced earlier has been cancelled; nothing will change:`,
  };
  const closing = kind === "ended" ? "If something still does not work for you, write to us." : kind === "cancelled" ? "" : "Nothing needs doing on your side unless the impact above says so.";
  return {
    dedupeKey: maintenanceEmailKey(window.id, kind, member.clientId),
    to: member.email,
    subject: `[${IX_NAME}] ${SUBJECTS[kind]}: ${target}, ${utcMinute(window.startsAt)}`,
    text: [
      `Hello ${member.clientName},`,
      "",
      opening[kind],
      "",
      `  What:   ${target}`,
      `  When:   ${utcMinute(window.startsAt)} to ${utcMinute(window.endsAt)}`,
      `  Why:    ${window.reason}`,
      `  Impact: ${window.impact.split("\n").join("\n          ")}`,
      "",
      ...(window.scope !== "pop" && kind !== "ended" && kind !== "cancelled"
        ? ["Before and during the window the route servers tag the routes they send you with GRACEFUL_SHUTDOWN (65535:0, RFC 8326); routers that honour it prefer other paths meanwhile.", ""]
        : []),
      ...(closing ? [closing] : []),
      `All planned maintenance: ${APP_URL}/maintenance.ics (iCalendar). Questions: ${IX_SUPPORT_EMAIL}.`,
    ].join("\n"),
  };
}
