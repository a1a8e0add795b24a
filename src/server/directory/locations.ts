import { asc, count, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/mysql-core";
import type { Executor } from "@/server/db/client";
import { locations, locationTunnelTypes } from "@/server/db/schema";
import type { LocationMode, TunnelType } from "@/shared/enums";
import { publicDirectorySummary } from "./peer-index";

/** Tunnel parameters a member needs to point their side at us; anything else in params stays internal. */
const PUBLIC_TUNNEL_PARAMS = ["udpPort", "port", "protocol", "networkId", "description"] as const;

export interface PublicLocation {
  code: string;
  name: string;
  city: string;
  country: string;
  mode: LocationMode;
  uplinkCode: string | null;
  endpointIpv4: string | null;
  endpointIpv6: string | null;
  tunnelTypes: { type: TunnelType; params: Partial<Record<(typeof PUBLIC_TUNNEL_PARAMS)[number], string | number>> }[];
  memberCount: number;
}

function publicParams(params: Record<string, unknown>): PublicLocation["tunnelTypes"][number]["params"] {
  const shown: PublicLocation["tunnelTypes"][number]["params"] = {};
  for (const key of PUBLIC_TUNNEL_PARAMS) {
    const value = params[key];
    if (typeof value === "string" || typeof value === "number") shown[key] = value;
  }
  return shown;
}

/** The columns that describe where a POP is: public everywhere (pages, IX-F switches). */
export const locationPlaceColumns = {
  id: locations.id,
  code: locations.code,
  name: locations.name,
  city: locations.city,
  country: locations.country,
};

/** Every active POP with what a member needs to connect, and how many public members are there. */
export async function listPublicLocations(db: Executor): Promise<PublicLocation[]> {
  const uplink = alias(locations, "uplink");
  const rows = await db
    .select({
      ...locationPlaceColumns,
      mode: locations.mode,
      uplinkCode: uplink.code,
      endpointIpv4: locations.endpointIpv4,
      endpointIpv6: locations.endpointIpv6,
    })
    .from(locations)
    .leftJoin(uplink, eq(uplink.id, locations.uplinkLocationId))
    .where(eq(locations.active, true))
    .orderBy(asc(locations.code));

  const types = await db
    .select({ locationId: locationTunnelTypes.locationId, type: locationTunnelTypes.type, params: locationTunnelTypes.params })
    .from(locationTunnelTypes)
    .where(eq(locationTunnelTypes.enabled, true))
    .orderBy(asc(locationTunnelTypes.type));

  // Counting members per POP reads every member: the directory /peers shows has the counts at hand.
  const { membersByLocation } = await publicDirectorySummary(db);

  return rows.map(({ id, ...location }) => ({
    ...location,
    tunnelTypes: types.filter((t) => t.locationId === id).map((t) => ({ type: t.type, params: publicParams(t.params ?? {}) })),
    memberCount: membersByLocation.get(location.code) ?? 0,
  }));
}

export const countActiveLocations = async (db: Executor) =>
  (await db.select({ n: count() }).from(locations).where(eq(locations.active, true)))[0]?.n ?? 0;
