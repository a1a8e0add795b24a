import { env } from "@/server/env";
import type { QueuedEmail } from "@/server/mail/outbox";
import { deprovisionDate, type MonitoringRules } from "./rules";
import { utcMinute } from "@/shared/utc";

/** The IPs of one member that an email is about. */
export interface DownIp {
  address: string;
  asn: number;
  downSince: Date;
}

export interface MemberNotice {
  clientId: number;
  clientName: string;
  contactEmail: string;
  ips: DownIp[];
}

const day = (date: Date) => date.toISOString().slice(0, 10);

const WHAT_TO_CHECK = [
  "What to check:",
  "  - the tunnel to the IX is up (both ends), and your router's interface on the peering LAN has the address above;",
  "  - the address answers ping from the IX (no firewall dropping ICMP on the peering interface);",
  "  - your BGP sessions to the route servers are configured with the right neighbour addresses and ASNs, and not shut down.",
];

function ipLines(notice: MemberNotice, rules: MonitoringRules): string[] {
  return notice.ips.map(
    (ip) => `  ${ip.address} (AS${ip.asn}): all route-server sessions down since ${utcMinute(ip.downSince)}; deprovisioning on ${day(deprovisionDate(ip.downSince, rules))}`,
  );
}

/** Keys tie an email to one member, one outage and one step, so the outbox never sends it twice. */
export function warningKey(clientId: number, outageStart: Date, step: number): string {
  return `monitoring-warning:client:${clientId}:since:${outageStart.toISOString()}:step:${step}`;
}

export function deprovisionedKey(clientId: number, ipIds: number[], outageStart: Date): string {
  return `monitoring-deprovisioned:client:${clientId}:since:${outageStart.toISOString()}:ips:${[...ipIds].sort((a, b) => a - b).join(",")}`;
}

export function warningEmail(notice: MemberNotice, rules: MonitoringRules, dedupeKey: string): QueuedEmail {
  const { IX_NAME, IX_SUPPORT_EMAIL } = env();
  return {
    dedupeKey,
    to: notice.contactEmail,
    subject: `[${IX_NAME}] Your BGP sessions are down: action needed`,
    text: [
      `Hello ${notice.clientName},`,
      "",
      `the route servers of ${IX_NAME} have not seen a BGP session from the following address(es) for ${rules.warnAfterDays} days or more:`,
      "",
      ...ipLines(notice, rules),
      "",
      ...WHAT_TO_CHECK,
      "",
      `If nothing changes, the address(es) will be deprovisioned on the date shown: the route servers drop the sessions, and your addresses and tunnel stay reserved for you.`,
      `We will remind you every ${rules.warnRepeatDays} days until then. Questions: ${IX_SUPPORT_EMAIL}.`,
    ].join("\n"),
  };
}

export function deprovisionedEmail(notice: MemberNotice, rules: MonitoringRules, dedupeKey: string): QueuedEmail {
  const { IX_NAME, IX_SUPPORT_EMAIL } = env();
  return {
    dedupeKey,
    to: notice.contactEmail,
    subject: `[${IX_NAME}] Your peering address has been deprovisioned`,
    text: [
      `Hello ${notice.clientName},`,
      "",
      `after ${rules.deprovisionAfterDays} days without a BGP session, the following address(es) have been deprovisioned:`,
      "",
      ...notice.ips.map((ip) => `  ${ip.address} (AS${ip.asn}): down since ${utcMinute(ip.downSince)}`),
      "",
      "The route servers no longer have sessions for them. Your addresses and tunnel stay allocated to you:",
      "once your router answers on the peering LAN again, monitoring switches back on, and a volunteer re-enables the sessions.",
      "",
      ...WHAT_TO_CHECK,
      "",
      `Write to ${IX_SUPPORT_EMAIL} when you are ready, or with any question.`,
    ].join("\n"),
  };
}
