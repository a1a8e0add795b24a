import { asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { locations, locationTunnelTypes } from "@/server/db/schema";
import type { TunnelType } from "@/shared/enums";

/** What members may see of a POP. */
export const publicLocationColumns = {
  id: locations.id,
  code: locations.code,
  name: locations.name,
  city: locations.city,
  country: locations.country,
  endpointIpv4: locations.endpointIpv4,
  endpointIpv6: locations.endpointIpv6,
};

const locationColumns = {
  ...publicLocationColumns,
  managementHost: locations.managementHost,
  mode: locations.mode,
  uplinkLocationId: locations.uplinkLocationId,
  meshVni: locations.meshVni,
  peeringdbFacilityId: locations.peeringdbFacilityId,
  active: locations.active,
  configChangedAt: locations.configChangedAt,
};

async function withTunnelTypes<T extends { id: number }>(db: Executor, rows: T[]) {
  const offers = rows.length
    ? await db
        .select({ locationId: locationTunnelTypes.locationId, type: locationTunnelTypes.type, params: locationTunnelTypes.params, enabled: locationTunnelTypes.enabled })
        .from(locationTunnelTypes)
        .where(inArray(locationTunnelTypes.locationId, rows.map((r) => r.id)))
        .orderBy(asc(locationTunnelTypes.type))
    : [];
  return rows.map((row) => ({
    ...row,
    tunnelTypes: offers
      .filter((o) => o.locationId === row.id)
      .map((o) => ({ type: o.type as TunnelType, params: o.params, enabled: o.enabled })),
  }));
}

/** Every POP with the tunnel types it offers, by code. */
export async function listLocations(db: Executor) {
  return withTunnelTypes(db, await db.select(locationColumns).from(locations).orderBy(asc(locations.code)));
}

export async function getLocation(db: Executor, id: number) {
  const [row] = await withTunnelTypes(db, await db.select(locationColumns).from(locations).where(eq(locations.id, id)));
  return row ?? null;
}

export type LocationDetail = NonNullable<Awaited<ReturnType<typeof getLocation>>>;
