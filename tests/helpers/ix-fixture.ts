import { randomBytes } from "node:crypto";
import type { Database } from "@/server/db/client";
import { lanReservations, locations, locationTunnelTypes, peeringLans, requests, routeServers, type NewPeeringRequest } from "@/server/db/schema";
import type { AllocationScheme, TunnelType } from "@/shared/enums";

/** A small IX in a test database: POPs with their tunnel types, one peering LAN with reservations, route servers. */

export interface FixturePop {
  code: string;
  tunnelTypes: TunnelType[];
  active?: boolean;
  meshVni?: number;
}

export async function addPop(db: Database, pop: FixturePop): Promise<number> {
  const [created] = await db
    .insert(locations)
    .values({
      code: pop.code,
      name: `POP ${pop.code}`,
      city: `City ${pop.code}`,
      country: "US",
      endpointIpv4: "192.0.2.10",
      endpointIpv6: "2001:db8:10::1",
      active: pop.active ?? true,
      meshVni: pop.meshVni ?? null,
    })
    .$returningId();
  await db.insert(locationTunnelTypes).values(pop.tunnelTypes.map((type) => ({ locationId: created!.id, type, params: {} })));
  return created!.id;
}

export interface FixtureLan {
  name?: string;
  ipv4Prefix: string | null;
  ipv6Prefix: string;
  scheme?: AllocationScheme;
  /** Reserved at the start of each prefix, e.g. "10.0.0.1-10.0.0.31". */
  reservations?: { family: 4 | 6; first: string; last: string }[];
  ixfVlanId?: number;
}

export async function addLan(db: Database, lan: FixtureLan): Promise<number> {
  const [created] = await db
    .insert(peeringLans)
    .values({
      name: lan.name ?? "Peering LAN",
      ipv4Prefix: lan.ipv4Prefix,
      ipv6Prefix: lan.ipv6Prefix,
      allocationScheme: lan.scheme ?? "sequential",
      ixfVlanId: lan.ixfVlanId ?? 1,
    })
    .$returningId();
  for (const r of lan.reservations ?? []) {
    await db.insert(lanReservations).values({ lanId: created!.id, family: r.family, firstAddress: r.first, lastAddress: r.last, purpose: "infrastructure" });
  }
  return created!.id;
}

export async function addRouteServer(db: Database, name: string, locationId: number, lanId: number, ipv4: string | null, ipv6: string | null) {
  await db.insert(routeServers).values({ name, locationId, lanId, asn: 64500, routerId: ipv4 ?? "192.0.2.1", ipv4Address: ipv4, ipv6Address: ipv6 });
}

/** The override reason tests give when they approve a request that has no proof of ASN holdership. */
export const NO_PROOF = "test fixture: the ASN holder is known to the IX";

/** A confirmed request, as if submitted and verified, for approval tests. */
export async function addPendingRequest(db: Database, values: Partial<NewPeeringRequest> & { asn: number; locationId: number; tunnelType: TunnelType }) {
  const [created] = await db
    .insert(requests)
    .values({
      networkName: `Network AS${values.asn}`,
      contactEmail: `noc@as${values.asn}.example`,
      remoteEndpoint: "203.0.113.7",
      wantsIpv4: true,
      state: "pending",
      statusToken: randomBytes(18).toString("base64url"),
      verifiedAt: new Date(),
      ...values,
    })
    .$returningId();
  return created!.id;
}
