import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, connections, ips, locations, locationTunnelTypes } from "@/server/db/schema";
import { publicLocationColumns } from "@/server/locations/queries";

/** One connection with its POP and the addresses it carries; null when the client has no such connection. */
export async function getClientConnection(db: Executor, clientId: number, connectionId: number) {
  const [connection] = await db
    .select({
      id: connections.id,
      clientId: connections.clientId,
      type: connections.type,
      tunnelId: connections.tunnelId,
      remoteEndpoint: connections.remoteEndpoint,
      macAddresses: connections.macAddresses,
      state: connections.state,
      createdAt: connections.createdAt,
      location: publicLocationColumns,
    })
    .from(connections)
    .innerJoin(locations, eq(locations.id, connections.locationId))
    .where(and(eq(connections.id, connectionId), eq(connections.clientId, clientId)));
  if (!connection) return null;

  const [offer] = await db
    .select({ params: locationTunnelTypes.params })
    .from(locationTunnelTypes)
    .where(and(eq(locationTunnelTypes.locationId, connection.location.id), eq(locationTunnelTypes.type, connection.type)));

  // Addresses tied to this tunnel; members with one tunnel often have them unlinked, so fall back to all of the client's.
  const clientIps = await db
    .select({ id: ips.id, family: ips.family, address: ips.address, asn: asns.asn, connectionId: ips.connectionId, provisioned: ips.provisioned })
    .from(ips)
    .innerJoin(asns, eq(asns.id, ips.asnId))
    .where(eq(asns.clientId, clientId))
    .orderBy(asc(ips.family), asc(ips.address));
  const linked = clientIps.filter((ip) => ip.connectionId === connection.id);

  return { ...connection, popParams: offer?.params ?? {}, ips: linked.length > 0 ? linked : clientIps };
}
