import { asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, clients, connections, ipRouteServerSessions, ips, irrPrefixSets, locations, routeServerFilteredRoutes, routeServers } from "@/server/db/schema";
import { REJECT_REASONS, type RejectReason } from "@/server/routeserver/policy";
import { memberConfigurations } from "@/server/tunnels/member/load";
import { TUNNEL_TYPE_LABELS } from "@/shared/enums";
import type { DiagnosticsFacts, FilteredReasonCount, IpFacts, IrrFacts, RouteServerFiltered } from "./model";
import { lastUpEvents } from "./pings";

/** The `protocol bgp` blocks of a BIRD snippet that use `local <address>`: what the IX expects for one address. */
export function bgpBlocksFor(birdText: string, address: string): string | null {
  const blocks = birdText.split(/\n(?=protocol bgp )/).filter((block) => block.includes(`  local ${address} as `));
  return blocks.length ? `${blocks.map((b) => b.trimEnd()).join("\n\n")}\n` : null;
}

/** Filtered routes summed per known reason (REJECT_REASONS; other tags are left out), most routes first. */
export function countByReason(rows: readonly { reason: string; routes: number }[]): FilteredReasonCount[] {
  const byReason = new Map<RejectReason, number>();
  for (const row of rows) {
    if (row.reason in REJECT_REASONS) byReason.set(row.reason as RejectReason, (byReason.get(row.reason as RejectReason) ?? 0) + row.routes);
  }
  return [...byReason].map(([reason, routes]) => ({ reason, text: REJECT_REASONS[reason].text, routes })).sort((a, b) => b.routes - a.routes);
}

const parseEntries = (text: string) => {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.length : 0;
  } catch {
    return 0;
  }
};

/**
 * Everything the diagnostics pages show for one member, read from what the worker stores (ping state and
 * events, route-server sessions, filtered-route counts, IRR lists) plus the member-config generator's
 * expected BGP lines. Returns null for an unknown client. The charts are read separately (pings.ts).
 */
export async function memberDiagnostics(db: Executor, clientId: number, now = new Date()): Promise<DiagnosticsFacts | null> {
  const [client] = await db.select({ id: clients.id, name: clients.name }).from(clients).where(eq(clients.id, clientId));
  if (!client) return null;

  const memberAsns = await db
    .select({
      id: asns.id,
      asn: asns.asn,
      asSet: asns.asSet,
      netId: asns.peeringdbNetId,
      prefixesV4: asns.peeringdbPrefixesV4,
      prefixesV6: asns.peeringdbPrefixesV6,
      maxPrefixV4: asns.maxPrefixV4,
      maxPrefixV6: asns.maxPrefixV6,
    })
    .from(asns)
    .where(eq(asns.clientId, clientId))
    .orderBy(asc(asns.asn));
  const asnIds = memberAsns.map((a) => a.id);
  const asnById = new Map(memberAsns.map((a) => [a.id, a]));

  const ipRows = asnIds.length
    ? await db
        .select({
          id: ips.id,
          address: ips.address,
          family: ips.family,
          asnId: ips.asnId,
          state: ips.state,
          provisioned: ips.provisioned,
          monitor: ips.monitor,
          pingable: ips.pingable,
          pingDownSince: ips.pingDownSince,
          deprovisionedAt: ips.deprovisionedAt,
          connectionId: ips.connectionId,
        })
        .from(ips)
        .where(inArray(ips.asnId, asnIds))
        .orderBy(asc(ips.family), asc(ips.address))
    : [];
  const ipIds = ipRows.map((ip) => ip.id);

  const [sessionRows, upSince, irrRows, memberConnections] = await Promise.all([
    ipIds.length
      ? db
          .select({
            ipId: ipRouteServerSessions.ipId,
            routeServerId: ipRouteServerSessions.routeServerId,
            routeServer: routeServers.name,
            state: ipRouteServerSessions.state,
            bgpState: ipRouteServerSessions.bgpState,
            since: ipRouteServerSessions.since,
            lastError: ipRouteServerSessions.lastError,
            routesImported: ipRouteServerSessions.routesImported,
            routesFiltered: ipRouteServerSessions.routesFiltered,
            checkedAt: ipRouteServerSessions.checkedAt,
          })
          .from(ipRouteServerSessions)
          .innerJoin(routeServers, eq(routeServers.id, ipRouteServerSessions.routeServerId))
          .where(inArray(ipRouteServerSessions.ipId, ipIds))
          .orderBy(asc(routeServers.name))
      : [],
    lastUpEvents(db, ipIds),
    asnIds.length
      ? db
          .select({ asnId: irrPrefixSets.asnId, family: irrPrefixSets.family, prefixes: irrPrefixSets.prefixes, source: irrPrefixSets.source, fetchedAt: irrPrefixSets.fetchedAt, lastError: irrPrefixSets.lastError })
          .from(irrPrefixSets)
          .where(inArray(irrPrefixSets.asnId, asnIds))
          .orderBy(asc(irrPrefixSets.asnId), asc(irrPrefixSets.family))
      : [],
    db
      .select({ id: connections.id, type: connections.type, state: connections.state, macAddresses: connections.macAddresses, locationCode: locations.code })
      .from(connections)
      .innerJoin(locations, eq(locations.id, connections.locationId))
      .where(eq(connections.clientId, clientId))
      .orderBy(asc(connections.id)),
  ]);

  const serverIds = [...new Set(sessionRows.map((s) => s.routeServerId))];
  const filteredRows = serverIds.length
    ? await db
        .select({ routeServerId: routeServerFilteredRoutes.routeServerId, reason: routeServerFilteredRoutes.reason, routes: routeServerFilteredRoutes.routes, checkedAt: routeServerFilteredRoutes.checkedAt })
        .from(routeServerFilteredRoutes)
        .where(inArray(routeServerFilteredRoutes.routeServerId, serverIds))
    : [];

  // The expected neighbor lines come from the one member-config generator, per live connection.
  const birdByConnection = new Map<number, string>();
  for (const connection of memberConnections.filter((c) => c.state !== "decommissioned")) {
    try {
      const bird = (await memberConfigurations(db, connection.id)).find((snippet) => snippet.id === "bird");
      if (bird) birdByConnection.set(connection.id, bird.text);
    } catch {
      // A connection whose config cannot be rendered (no POP data yet) simply has no expected lines.
    }
  }
  const expectedConfig = (address: string, connectionId: number | null) => {
    const texts = connectionId !== null && birdByConnection.has(connectionId) ? [birdByConnection.get(connectionId)!] : [...birdByConnection.values()];
    for (const text of texts) {
      const blocks = bgpBlocksFor(text, address);
      if (blocks) return blocks;
    }
    return null;
  };

  const ipFacts: IpFacts[] = ipRows.map((ip) => ({
    id: ip.id,
    address: ip.address,
    family: ip.family as 4 | 6,
    asn: asnById.get(ip.asnId)!.asn,
    state: ip.state,
    provisioned: ip.provisioned,
    monitor: ip.monitor,
    deprovisionedAt: ip.deprovisionedAt,
    pingUp: ip.pingable,
    pingSince: ip.pingable === false ? ip.pingDownSince : ip.pingable ? (upSince.get(ip.id) ?? null) : null,
    sessions: sessionRows
      .filter((s) => s.ipId === ip.id)
      .map((s) => ({ routeServer: s.routeServer, state: s.state, bgpState: s.bgpState, since: s.since, lastError: s.lastError, routesImported: s.routesImported, routesFiltered: s.routesFiltered, checkedAt: s.checkedAt })),
    expectedBgpConfig: expectedConfig(ip.address, ip.connectionId),
  }));

  const irr: IrrFacts[] = irrRows.map((row) => ({
    asn: asnById.get(row.asnId)!.asn,
    asSet: asnById.get(row.asnId)!.asSet,
    family: row.family as 4 | 6,
    source: row.source,
    entries: parseEntries(row.prefixes),
    fetchedAt: row.fetchedAt,
    lastError: row.lastError,
  }));

  const routeServerFiltered: RouteServerFiltered[] = serverIds.map((id) => {
    const rows = filteredRows.filter((row) => row.routeServerId === id && row.reason in REJECT_REASONS);
    return {
      routeServer: sessionRows.find((s) => s.routeServerId === id)!.routeServer,
      reasons: countByReason(rows),
      checkedAt: rows.length ? new Date(Math.max(...rows.map((r) => r.checkedAt.getTime()))) : null,
    };
  });

  return {
    clientId: client.id,
    name: client.name,
    ips: ipFacts,
    irr,
    routeServerFiltered,
    macs: memberConnections.map((c) => ({ connectionId: c.id, label: `${TUNNEL_TYPE_LABELS[c.type]} at ${c.locationCode}`, macAddresses: c.macAddresses })),
    peeringdb: memberAsns.map((a) => ({ asn: a.asn, netId: a.netId, prefixesV4: a.prefixesV4, prefixesV6: a.prefixesV6, maxPrefixV4: a.maxPrefixV4, maxPrefixV6: a.maxPrefixV6 })),
    now,
  };
}
