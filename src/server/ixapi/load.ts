import { asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, clients, connections, ips, locations, peeringLans, requests, routeServers } from "@/server/db/schema";
import { env } from "@/server/env";
import { versionedCache } from "@/server/db/versioned-cache";
import type { IxSnapshot } from "./serialize";

/**
 * Everything the IX-API resources are built from, read in one go: serialising from a snapshot is cheaper
 * than a query per resource and keeps every resource consistent with the others in one answer. The
 * serialisers index the rows, so 10,000 members (20,000 IPs) serialise in well under a second.
 */
async function readIxSnapshot(db: Executor): Promise<IxSnapshot> {
  const [lanRows, locationRows, rsRows, clientRows, asnRows, connectionRows, ipRows, requestRows] = await Promise.all([
    db
      .select({ id: peeringLans.id, name: peeringLans.name, ipv4Prefix: peeringLans.ipv4Prefix, ipv6Prefix: peeringLans.ipv6Prefix, vlanTag: peeringLans.vlanTag, active: peeringLans.active })
      .from(peeringLans)
      .orderBy(asc(peeringLans.id)),
    db
      .select({ id: locations.id, code: locations.code, name: locations.name, city: locations.city, country: locations.country, peeringdbFacilityId: locations.peeringdbFacilityId, active: locations.active })
      .from(locations)
      .orderBy(asc(locations.id)),
    db
      .select({ id: routeServers.id, name: routeServers.name, lanId: routeServers.lanId, asn: routeServers.asn, ipv4Address: routeServers.ipv4Address, ipv6Address: routeServers.ipv6Address, active: routeServers.active })
      .from(routeServers)
      .orderBy(asc(routeServers.id)),
    db
      .select({ id: clients.id, name: clients.name, contactName: clients.contactName, contactEmail: clients.contactEmail, contactPhone: clients.contactPhone, nocEmail: clients.nocEmail, state: clients.state })
      .from(clients)
      .orderBy(asc(clients.id)),
    db.select({ id: asns.id, asn: asns.asn, clientId: asns.clientId }).from(asns),
    db
      .select({
        id: connections.id,
        clientId: connections.clientId,
        locationId: connections.locationId,
        type: connections.type,
        macAddresses: connections.macAddresses,
        ifSpeedMbps: connections.ifSpeedMbps,
        state: connections.state,
      })
      .from(connections)
      .orderBy(asc(connections.id)),
    db
      .select({ id: ips.id, lanId: ips.lanId, family: ips.family, address: ips.address, asnId: ips.asnId, connectionId: ips.connectionId, state: ips.state, deprovisionedAt: ips.deprovisionedAt })
      .from(ips)
      .orderBy(asc(ips.id)),
    db
      .select({ id: requests.id, asn: requests.asn, contactEmail: requests.contactEmail, locationId: requests.locationId, tunnelType: requests.tunnelType, state: requests.state, createdAt: requests.createdAt })
      .from(requests)
      .where(inArray(requests.state, ["unverified", "pending"]))
      .orderBy(asc(requests.id)),
  ]);
  const ix = env();
  return {
    ix: { name: ix.IX_NAME, shortName: ix.IX_SHORTNAME, peeringdbId: ix.IX_PEERINGDB_ID ?? null, ixfId: ix.IXF_ID ?? null },
    lans: lanRows,
    locations: locationRows,
    routeServers: rsRows,
    clients: clientRows,
    asns: asnRows,
    connections: connectionRows,
    ips: ipRows,
    openRequests: requestRows,
  };
}

/**
 * The snapshot is kept in the process until one of its tables changes: every write to them goes through
 * Drizzle, which sets updated_at, and their rows are never deleted (see versionedCache). One short query per
 * IX-API call instead of reading every table; a change is seen by the next call. Shared: do not change it.
 */
export const loadIxSnapshot: (db: Executor) => Promise<IxSnapshot> = versionedCache({
  sources: [peeringLans, locations, routeServers, clients, asns, connections, ips, requests].map((table) => [table, table.updatedAt] as const),
  build: readIxSnapshot,
  maxAgeMs: 60_000,
});

/** The client's contact email and name, for a request made on its behalf. */
export async function accountContact(db: Executor, clientId: number) {
  const [row] = await db.select({ name: clients.name, contactEmail: clients.contactEmail }).from(clients).where(eq(clients.id, clientId));
  return row ?? null;
}
