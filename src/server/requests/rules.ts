import { and, eq } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { locations, locationTunnelTypes, peeringLans } from "@/server/db/schema";
import { addressInPrefix } from "@/shared/validation/ip";
import { TUNNEL_TYPE_LABELS } from "@/shared/enums";
import type { PeeringRequest } from "@/shared/validation/request";
import { ENDPOINT_KIND } from "@/shared/validation/request";

/**
 * The request rules that need the database, as field errors: the POP exists and is active, it offers
 * the tunnel type (location_tunnel_types is the one source of truth), the endpoint is not on our LAN.
 */
export async function requestFieldProblems(
  db: Executor,
  input: Pick<PeeringRequest, "locationId" | "tunnelType" | "remoteEndpoint">,
): Promise<Record<string, string[]>> {
  const problems: Record<string, string[]> = {};
  const [location] = await db
    .select({ id: locations.id, name: locations.name, active: locations.active })
    .from(locations)
    .where(eq(locations.id, input.locationId));
  if (!location || !location.active) {
    problems.locationId = ["this POP does not exist or is not taking new members; choose one from the list"];
  } else {
    const offered = await db
      .select({ type: locationTunnelTypes.type })
      .from(locationTunnelTypes)
      .where(and(eq(locationTunnelTypes.locationId, location.id), eq(locationTunnelTypes.enabled, true)));
    if (!offered.some((o) => o.type === input.tunnelType)) {
      const list = offered.map((o) => TUNNEL_TYPE_LABELS[o.type]).join(", ") || "none at the moment";
      problems.tunnelType = [`${TUNNEL_TYPE_LABELS[input.tunnelType]} is not offered at ${location.name}; it offers: ${list}`];
    }
  }
  const kind = ENDPOINT_KIND[input.tunnelType];
  if (input.remoteEndpoint && (kind === "ip" || kind === "ip-optional")) {
    const lans = await db.select({ name: peeringLans.name, ipv4: peeringLans.ipv4Prefix, ipv6: peeringLans.ipv6Prefix }).from(peeringLans);
    const lan = lans.find((l) => [l.ipv4, l.ipv6].some((prefix) => prefix && addressInPrefix(input.remoteEndpoint!, prefix)));
    if (lan) problems.remoteEndpoint = [`${input.remoteEndpoint} is on our own ${lan.name}; enter your router's public address`];
  }
  return problems;
}
