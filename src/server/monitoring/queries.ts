import { and, eq, gt, isNotNull, lte } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, clients, ips } from "@/server/db/schema";
import { DAY_MS, type MonitoringRules } from "./rules";
import type { MemberNotice } from "./emails";

export interface DownIpRow {
  ipId: number;
  address: string;
  asn: number;
  downSince: Date;
  clientId: number;
  clientName: string;
  contactEmail: string;
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/**
 * Provisioned, monitored IPs whose route-server sessions have all been down for at least `atLeastDays`
 * (and less than `lessThanDays`) as of now. The calendar rules below are this query; nothing re-checks them in JS.
 * The operator dashboard reads it with atLeastDays 0 to show what is coming (diagnostics/upcoming.ts).
 */
export async function monitoredIpsDown(db: Executor, now: Date, atLeastDays: number, lessThanDays?: number): Promise<DownIpRow[]> {
  const rows = await db
    .select({
      ipId: ips.id,
      address: ips.address,
      asn: asns.asn,
      downSince: ips.rsSessionDownSince,
      clientId: clients.id,
      clientName: clients.name,
      contactEmail: clients.contactEmail,
    })
    .from(ips)
    .innerJoin(asns, eq(asns.id, ips.asnId))
    .innerJoin(clients, eq(clients.id, asns.clientId))
    .where(
      and(
        eq(ips.monitor, true),
        eq(ips.provisioned, true),
        eq(ips.rsSession, "down"),
        isNotNull(ips.rsSessionDownSince),
        lte(ips.rsSessionDownSince, daysBefore(now, atLeastDays)),
        lessThanDays === undefined ? undefined : gt(ips.rsSessionDownSince, daysBefore(now, lessThanDays)),
      ),
    )
    .orderBy(clients.id, ips.rsSessionDownSince);
  return rows.map((row) => ({ ...row, downSince: row.downSince! }));
}

/** Warned: down for warnAfterDays, until deprovisioning is due (then the final email replaces the warnings). */
export function ipsDueForWarning(db: Executor, rules: MonitoringRules, now: Date): Promise<DownIpRow[]> {
  return monitoredIpsDown(db, now, rules.warnAfterDays, rules.deprovisionAfterDays);
}

/** Deprovisioned: down for deprovisionAfterDays or more. */
export function ipsDueForDeprovisioning(db: Executor, rules: MonitoringRules, now: Date): Promise<DownIpRow[]> {
  return monitoredIpsDown(db, now, rules.deprovisionAfterDays);
}

/** Groups IP rows per member, oldest outage first. */
export function groupByMember(rows: DownIpRow[]): MemberNotice[] {
  const byClient = new Map<number, MemberNotice>();
  for (const row of rows) {
    const notice = byClient.get(row.clientId) ?? { clientId: row.clientId, clientName: row.clientName, contactEmail: row.contactEmail, ips: [] };
    notice.ips.push({ address: row.address, asn: row.asn, downSince: row.downSince });
    byClient.set(row.clientId, notice);
  }
  return [...byClient.values()];
}

export function outageStart(notice: MemberNotice): Date {
  return new Date(Math.min(...notice.ips.map((ip) => ip.downSince.getTime())));
}
