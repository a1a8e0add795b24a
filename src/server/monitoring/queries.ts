import { and, eq, isNotNull, lte } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, clients, ips } from "@/server/db/schema";
import { DAY_MS } from "./rules";
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

/** Provisioned, monitored IPs whose route-server sessions have all been down for at least `days` as of now. */
export async function monitoredIpsDownFor(db: Executor, days: number, now: Date): Promise<DownIpRow[]> {
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
        lte(ips.rsSessionDownSince, new Date(now.getTime() - days * DAY_MS)),
      ),
    )
    .orderBy(clients.id, ips.rsSessionDownSince);
  return rows.map((row) => ({ ...row, downSince: row.downSince! }));
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
