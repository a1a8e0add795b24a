import { and, eq, gte, inArray, or, sql } from "drizzle-orm";
import { canonicalAddress } from "@/server/allocation/addresses";
import type { Database, Executor } from "@/server/db/client";
import { clients, lanFindings, lanSightings } from "@/server/db/schema";
import { env } from "@/server/env";
import { NotFoundError } from "@/server/errors";
import { enqueueEmail } from "@/server/mail/outbox";
import { loadPops } from "@/server/tunnels/load";
import { LAN_FINDING_LABELS } from "@/shared/lan-findings";
import { lanReportSchema, type LanReport } from "@/shared/validation/lan-hygiene";
import { classifyReport, type Finding, type RecentSightings } from "./classify";
import { loadLanRegistry } from "./registry";

/** How far back ARP/ND sightings count for duplicate IPs and proxy-ARP. */
export const SIGHTING_WINDOW_MS = 10 * 60_000;

async function recentSightings(tx: Executor, locationId: number, macs: string[], addresses: string[], since: Date): Promise<RecentSightings> {
  const ipsOfMac = new Map<string, Set<string>>();
  const macsOfIp = new Map<string, Set<string>>();
  if (macs.length === 0 && addresses.length === 0) return { ipsOfMac, macsOfIp };
  const rows = await tx
    .select({ mac: lanSightings.mac, ip: lanSightings.ip })
    .from(lanSightings)
    .where(and(eq(lanSightings.locationId, locationId), gte(lanSightings.lastSeenAt, since), or(inArray(lanSightings.mac, macs.length ? macs : [""]), inArray(lanSightings.ip, addresses.length ? addresses : [""]))));
  for (const { mac, ip } of rows) {
    ipsOfMac.set(mac, (ipsOfMac.get(mac) ?? new Set()).add(ip));
    macsOfIp.set(ip, (macsOfIp.get(ip) ?? new Set()).add(mac));
  }
  return { ipsOfMac, macsOfIp };
}

function findingEmail(finding: Finding & { id: number }, member: { name: string; to: string }, popCode: string) {
  const { IX_NAME, IX_SUPPORT_EMAIL } = env();
  return {
    dedupeKey: `lan-finding:${finding.id}`,
    to: member.to,
    subject: `[${IX_NAME}] Peering LAN: ${LAN_FINDING_LABELS[finding.kind].title} at ${popCode}`,
    text: [
      `Hello ${member.name},`,
      "",
      `our watcher on the ${popCode} IX bridge saw this from your connection:`,
      "",
      `  ${finding.detail}`,
      `  port ${finding.port || "unknown"}, MAC ${finding.mac}${finding.ip ? `, IP ${finding.ip}` : ""}`,
      "",
      LAN_FINDING_LABELS[finding.kind].advice,
      "",
      `You can see it under Diagnostics in the portal. Questions: ${IX_SUPPORT_EMAIL}.`,
    ].join("\n"),
  };
}

/**
 * Records one watcher report: sightings first (they are history for the next reports too), then the findings.
 * A new finding queues one email to its member (dedupe key per finding); one seen again only moves last_seen_at
 * and is reopened if a volunteer had resolved it.
 */
export async function recordLanReport(db: Database, input: LanReport, now = new Date()): Promise<{ findings: number; newFindings: number }> {
  const report = lanReportSchema.parse(input);
  const pop = (await loadPops(db)).find((p) => p.code === report.location);
  if (!pop) throw new NotFoundError(`no POP has the code ${report.location}`);
  const observations = report.observations.map((o) => (o.ip ? { ...o, ip: canonicalAddress(o.ip) } : o));
  const claims = observations.filter((o): o is typeof o & { ip: string } => Boolean(o.ip));

  return db.transaction(async (tx) => {
    if (claims.length) {
      await tx
        .insert(lanSightings)
        .values(claims.map((o) => ({ locationId: pop.id, mac: o.mac, ip: o.ip, port: o.port, lastSeenAt: now })))
        .onDuplicateKeyUpdate({ set: { port: sql`VALUES(${lanSightings.port})`, lastSeenAt: sql`VALUES(${lanSightings.lastSeenAt})` } });
    }
    const recent = await recentSightings(tx, pop.id, [...new Set(claims.map((o) => o.mac))], [...new Set(claims.map((o) => o.ip))], new Date(now.getTime() - SIGHTING_WINDOW_MS));
    const findings = classifyReport(observations, await loadLanRegistry(tx, pop), recent);

    let newFindings = 0;
    for (const finding of findings) {
      const [result] = await tx
        .insert(lanFindings)
        .values({ locationId: pop.id, ...finding, firstSeenAt: now, lastSeenAt: now })
        .onDuplicateKeyUpdate({ set: { detail: finding.detail, clientId: finding.clientId, connectionId: finding.connectionId, lastSeenAt: now, resolvedAt: null } });
      // MySQL: 1 row affected for an insert, 2 for an update of an existing row.
      if (result.affectedRows !== 1) continue;
      newFindings++;
      if (finding.clientId === null) continue;
      const [member] = await tx.select({ name: clients.name, contactEmail: clients.contactEmail, nocEmail: clients.nocEmail }).from(clients).where(eq(clients.id, finding.clientId));
      if (member) await enqueueEmail(tx, findingEmail({ ...finding, id: result.insertId }, { name: member.name, to: member.nocEmail ?? member.contactEmail }, pop.code), now);
    }
    return { findings: findings.length, newFindings };
  });
}
