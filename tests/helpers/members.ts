import { eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { asns, clients, ips, locations, peeringLans, routeServers, type NewIp } from "@/server/db/schema";

let nextAsn = 4_200_000_000;

/** A POP, the peering LAN and one route server: what member IPs need to exist. Idempotent per database. */
export async function ensureNetwork(db: Database): Promise<{ lanId: number; routeServerId: number }> {
  const [lan] = await db.select({ id: peeringLans.id }).from(peeringLans).where(eq(peeringLans.name, "Test LAN"));
  if (lan) {
    const [rs] = await db.select({ id: routeServers.id }).from(routeServers).where(eq(routeServers.name, "rs-test"));
    return { lanId: lan.id, routeServerId: rs!.id };
  }
  const [{ id: locationId }] = (await db.insert(locations).values({ code: "TST", name: "Test", city: "Test", country: "US" }).$returningId()) as [{ id: number }];
  const [{ id: lanId }] = (await db
    .insert(peeringLans)
    .values({ name: "Test LAN", ipv4Prefix: "198.18.0.0/22", ipv6Prefix: "2001:2:0:1::/64", ixfVlanId: 1 })
    .$returningId()) as [{ id: number }];
  const [{ id: routeServerId }] = (await db
    .insert(routeServers)
    .values({ name: "rs-test", locationId, lanId, asn: 64500, routerId: "198.18.0.1", ipv4Address: "198.18.0.1" })
    .$returningId()) as [{ id: number }];
  return { lanId, routeServerId };
}

/** One member (client + ASN) with the given IPs. */
export async function createMember(
  db: Database,
  name: string,
  memberIps: Array<Partial<NewIp> & { address: string }>,
): Promise<{ clientId: number; asn: number; ipIds: number[] }> {
  const { lanId } = await ensureNetwork(db);
  const [{ id: clientId }] = (await db.insert(clients).values({ name, contactEmail: `noc@${name.toLowerCase().replace(/\W+/g, "-")}.example` }).$returningId()) as [{ id: number }];
  const asn = nextAsn++;
  const [{ id: asnId }] = (await db.insert(asns).values({ asn, clientId }).$returningId()) as [{ id: number }];
  const ipIds: number[] = [];
  for (const ip of memberIps) {
    const [{ id }] = (await db
      .insert(ips)
      .values({ lanId, asnId, family: ip.address.includes(":") ? 6 : 4, state: "production", ...ip })
      .$returningId()) as [{ id: number }];
    ipIds.push(id);
  }
  return { clientId, asn, ipIds };
}
