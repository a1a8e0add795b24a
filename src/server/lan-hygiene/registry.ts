import { eq, inArray, ne } from "drizzle-orm";
import { canonicalAddress, isReservedAddress } from "@/server/allocation/addresses";
import type { Executor } from "@/server/db/client";
import { asns, connections, ips, lanReservations, routeServers } from "@/server/db/schema";
import { bridgePortOf } from "@/server/tunnels/desired";
import { loadLiveConnections } from "@/server/tunnels/load";
import type { PopRow } from "@/server/tunnels/model";
import type { LanRegistry, PortConnection } from "./classify";

/** The registry a POP's bridge is judged against: member ports with their registered MACs, allocated addresses, the IX's own. */

/** Live connections at a POP by the bridge port they use, with their registered MACs (lower case). */
export async function loadPortConnections(db: Executor, pop: PopRow): Promise<Map<string, PortConnection[]>> {
  const live = await loadLiveConnections(db, [pop.id]);
  const macRows = live.length ? await db.select({ id: connections.id, macs: connections.macAddresses }).from(connections).where(inArray(connections.id, live.map((c) => c.id))) : [];
  const macs = new Map(macRows.map((row) => [row.id, row.macs.map((mac) => mac.toLowerCase())]));
  const ports = new Map<string, PortConnection[]>();
  for (const connection of live) {
    let port: string | null;
    try {
      port = bridgePortOf(pop, connection);
    } catch {
      // A connection the tunnel renderer cannot place has no port on the bridge either.
      continue;
    }
    if (!port) continue;
    ports.set(port, [...(ports.get(port) ?? []), { connectionId: connection.id, clientId: connection.clientId, macs: macs.get(connection.id) ?? [] }]);
  }
  return ports;
}

export async function loadLanRegistry(db: Executor, pop: PopRow): Promise<LanRegistry> {
  const allocated = await db
    .select({ address: ips.address, clientId: asns.clientId, asn: asns.asn })
    .from(ips)
    .innerJoin(asns, eq(asns.id, ips.asnId))
    .where(ne(ips.state, "decommissioned"));
  const servers = await db.select({ v4: routeServers.ipv4Address, v6: routeServers.ipv6Address }).from(routeServers);
  const reservations = await db.select({ family: lanReservations.family, firstAddress: lanReservations.firstAddress, lastAddress: lanReservations.lastAddress }).from(lanReservations);
  const ixHosts = new Set(servers.flatMap((s) => [s.v4, s.v6]).filter((a): a is string => Boolean(a)).map(canonicalAddress));
  return {
    ports: await loadPortConnections(db, pop),
    addresses: new Map(allocated.map((row) => [row.address, { clientId: row.clientId, asn: row.asn }])),
    isIxAddress: (ip) => ixHosts.has(ip) || isReservedAddress(ip, reservations),
  };
}

