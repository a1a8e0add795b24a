import { eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { asns, clients, connections, ips, locations, locationTunnelTypes, peeringLans, routeServers } from "@/server/db/schema";
import type { LocationMode, TunnelType } from "@/shared/enums";

/** Minimal rows for tunnel tests: a LAN, POPs, route servers, members with one connection each. */

export async function addLan(db: Database, ipv4Prefix = "198.18.0.0/22", ipv6Prefix = "2001:2:0:1::/64"): Promise<number> {
  const [lan] = await db.insert(peeringLans).values({ name: "Peering LAN", ipv4Prefix, ipv6Prefix, ixfVlanId: 1 }).$returningId();
  return lan!.id;
}

export async function addPop(
  db: Database,
  pop: { code: string; endpointIpv4?: string | null; endpointIpv6?: string | null; mode?: LocationMode; uplinkLocationId?: number | null; meshVni?: number; types: Partial<Record<TunnelType, Record<string, unknown>>> },
): Promise<number> {
  const [row] = await db
    .insert(locations)
    .values({ code: pop.code, name: `POP ${pop.code}`, city: "Lab", country: "US", endpointIpv4: pop.endpointIpv4 ?? null, endpointIpv6: pop.endpointIpv6 ?? null, mode: pop.mode ?? "full", uplinkLocationId: pop.uplinkLocationId ?? null, meshVni: pop.meshVni ?? null })
    .$returningId();
  await db.insert(locationTunnelTypes).values(Object.entries(pop.types).map(([type, params]) => ({ locationId: row!.id, type: type as TunnelType, params })));
  return row!.id;
}

export async function addRouteServer(db: Database, rs: { name: string; locationId: number; lanId: number; asn: number; ipv4Address: string; ipv6Address: string }): Promise<void> {
  await db.insert(routeServers).values({ ...rs, routerId: rs.ipv4Address });
}

export async function addMember(
  db: Database,
  member: { name: string; asn: number; locationId: number; lanId: number; type: TunnelType; tunnelId: number | null; remoteEndpoint: string | null; addresses: { address: string; family: 4 | 6 }[]; params?: Record<string, unknown> },
): Promise<{ clientId: number; connectionId: number }> {
  return db.transaction(async (tx) => {
    const [client] = await tx.insert(clients).values({ name: member.name, contactEmail: "noc@example.net", state: "production" }).$returningId();
    const [asn] = await tx.insert(asns).values({ asn: member.asn, clientId: client!.id }).$returningId();
    const [connection] = await tx
      .insert(connections)
      .values({ clientId: client!.id, locationId: member.locationId, type: member.type, tunnelId: member.tunnelId, remoteEndpoint: member.remoteEndpoint, params: member.params ?? {}, macAddresses: [], state: "production" })
      .$returningId();
    if (member.addresses.length) {
      await tx.insert(ips).values(member.addresses.map((a) => ({ lanId: member.lanId, family: a.family, address: a.address, asnId: asn!.id, connectionId: connection!.id, state: "production" as const, provisioned: true })));
    }
    return { clientId: client!.id, connectionId: connection!.id };
  });
}

export async function decommissionConnection(db: Database, connectionId: number): Promise<void> {
  await db.update(connections).set({ state: "decommissioned" }).where(eq(connections.id, connectionId));
}
