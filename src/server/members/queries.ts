import { asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, clients, connections, ips, locations } from "@/server/db/schema";
import { env } from "@/server/env";
import { effectiveMaxPrefix, maxPrefixDefaultsFromEnv } from "@/server/routeserver/max-prefix";

/** Everything about one member, found by any of its ASNs. Explicit columns: this feeds UIs and the CLI. */
export async function getMemberByAsn(db: Executor, asn: number) {
  const [owner] = await db.select({ clientId: asns.clientId }).from(asns).where(eq(asns.asn, asn));
  if (!owner) return null;
  return getMember(db, owner.clientId);
}

export async function getMember(db: Executor, clientId: number) {
  const [client] = await db
    .select({
      id: clients.id,
      name: clients.name,
      website: clients.website,
      contactName: clients.contactName,
      contactEmail: clients.contactEmail,
      contactPhone: clients.contactPhone,
      nocEmail: clients.nocEmail,
      contactPrivate: clients.contactPrivate,
      peeringPolicy: clients.peeringPolicy,
      state: clients.state,
      createdAt: clients.createdAt,
    })
    .from(clients)
    .where(eq(clients.id, clientId));
  if (!client) return null;

  const clientAsns = await db
    .select({
      id: asns.id,
      asn: asns.asn,
      asSet: asns.asSet,
      maxPrefixV4: asns.maxPrefixV4,
      maxPrefixV6: asns.maxPrefixV6,
      peeringdbPrefixesV4: asns.peeringdbPrefixesV4,
      peeringdbPrefixesV6: asns.peeringdbPrefixesV6,
      rsClient: asns.rsClient,
      blackholeOptIn: asns.blackholeOptIn,
    })
    .from(asns)
    .where(eq(asns.clientId, clientId))
    .orderBy(asc(asns.asn));

  const clientIps = clientAsns.length
    ? await db
        .select({
          id: ips.id,
          asnId: ips.asnId,
          family: ips.family,
          address: ips.address,
          state: ips.state,
          monitor: ips.monitor,
          provisioned: ips.provisioned,
          pingable: ips.pingable,
          lastSeenUpAt: ips.lastSeenUpAt,
          pingDownSince: ips.pingDownSince,
          rsSession: ips.rsSession,
          rsSessionDownSince: ips.rsSessionDownSince,
          connectionId: ips.connectionId,
        })
        .from(ips)
        .where(inArray(ips.asnId, clientAsns.map((a) => a.id)))
        .orderBy(asc(ips.family), asc(ips.address))
    : [];

  const clientConnections = await db
    .select({
      id: connections.id,
      type: connections.type,
      tunnelId: connections.tunnelId,
      remoteEndpoint: connections.remoteEndpoint,
      state: connections.state,
      macAddresses: connections.macAddresses,
      ifSpeedMbps: connections.ifSpeedMbps,
      locationCode: locations.code,
      locationName: locations.name,
    })
    .from(connections)
    .innerJoin(locations, eq(locations.id, connections.locationId))
    .where(eq(connections.clientId, clientId))
    .orderBy(asc(connections.id));

  const defaults = maxPrefixDefaultsFromEnv(env());
  return {
    client,
    asns: clientAsns.map((a) => ({
      ...a,
      ips: clientIps.filter((ip) => ip.asnId === a.id),
      /** The import limit the route servers apply, and where it comes from. */
      routeServerMaxPrefix: { 4: effectiveMaxPrefix(a, 4, defaults), 6: effectiveMaxPrefix(a, 6, defaults) },
    })),
    connections: clientConnections,
  };
}

export type MemberDetail = NonNullable<Awaited<ReturnType<typeof getMember>>>;
