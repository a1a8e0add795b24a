import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { clients, connections, locations, locationTunnelTypes } from "@/server/db/schema";
import { env } from "@/server/env";
import type { TunnelType } from "@/shared/enums";
import { LIVE_CONNECTION_STATES, type ConnectionRow, type PopRow, type TunnelSettings } from "./model";

/** The queries behind the tunnel generators: explicit columns, every POP at once. */

export function tunnelSettings(): TunnelSettings {
  const e = env();
  return { bridgeName: e.TUNNEL_BRIDGE, meshVni: e.TUNNEL_MESH_VNI, meshPort: e.TUNNEL_MESH_PORT, openvpnDir: e.OPENVPN_SERVER_DIR };
}

export async function loadPops(db: Executor): Promise<PopRow[]> {
  const rows = await db
    .select({
      id: locations.id,
      code: locations.code,
      name: locations.name,
      endpointIpv4: locations.endpointIpv4,
      endpointIpv6: locations.endpointIpv6,
      managementHost: locations.managementHost,
      mode: locations.mode,
      uplinkLocationId: locations.uplinkLocationId,
      meshVni: locations.meshVni,
      active: locations.active,
      enforceRegisteredMacs: locations.enforceRegisteredMacs,
    })
    .from(locations)
    .orderBy(asc(locations.code));
  const offered = await db
    .select({ locationId: locationTunnelTypes.locationId, type: locationTunnelTypes.type, params: locationTunnelTypes.params })
    .from(locationTunnelTypes)
    .where(eq(locationTunnelTypes.enabled, true));
  const byLocation = new Map<number, Partial<Record<TunnelType, unknown>>>();
  for (const row of offered) {
    const types = byLocation.get(row.locationId) ?? {};
    types[row.type] = row.params;
    byLocation.set(row.locationId, types);
  }
  return rows.map((row) => ({ ...row, tunnelTypes: byLocation.get(row.id) ?? {} }));
}

const connectionColumns = {
  id: connections.id,
  clientId: connections.clientId,
  clientName: clients.name,
  locationId: connections.locationId,
  type: connections.type,
  tunnelId: connections.tunnelId,
  remoteEndpoint: connections.remoteEndpoint,
  params: connections.params,
  macAddresses: connections.macAddresses,
  state: connections.state,
};

/** Live connections, at one POP or everywhere. */
export async function loadLiveConnections(db: Executor, locationIds?: number[]): Promise<ConnectionRow[]> {
  const live = inArray(connections.state, [...LIVE_CONNECTION_STATES]);
  return db
    .select(connectionColumns)
    .from(connections)
    .innerJoin(clients, eq(clients.id, connections.clientId))
    .where(locationIds ? and(live, inArray(connections.locationId, locationIds)) : live)
    .orderBy(asc(connections.id));
}

export async function loadConnection(db: Executor, connectionId: number): Promise<ConnectionRow | null> {
  const [row] = await db.select(connectionColumns).from(connections).innerJoin(clients, eq(clients.id, connections.clientId)).where(eq(connections.id, connectionId));
  return row ?? null;
}
