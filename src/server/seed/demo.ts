import path from "node:path";
import { z } from "zod";
import { eq, sql } from "drizzle-orm";
import ipaddr from "ipaddr.js";
import type { Database, Transaction } from "@/server/db/client";
import {
  asns,
  clients,
  connections,
  ips,
  lanReservations,
  locations,
  locationTunnelTypes,
  peeringLans,
  routeServers,
  users,
  type NewAsn,
  type NewClient,
  type NewConnection,
  type NewIp,
} from "@/server/db/schema";
import { freeAddresses, ipv6ForMember, type LanPlan } from "@/server/allocation/addresses";
import type { TunnelType } from "@/shared/enums";
import { TUNNEL_TYPES } from "@/shared/enums";
import { env } from "@/server/env";
import { SeededRandom } from "./random";
import { demoBirdDirectory, demoNameOf } from "./demo-names";
import { DEMO_LAN, DEMO_LOCATIONS, DEMO_ROUTE_SERVERS, DEMO_USERS, demoIpv4Prefix } from "./demo-network";

export interface DemoSeedOptions {
  members: number;
  seed: number;
  now?: Date;
}

export interface DemoSeedResult {
  membersCreated: number;
  membersSkipped: number;
  ipsCreated: number;
  connectionsCreated: number;
}

const DAY = 86_400_000;
const NAME_PARTS = {
  first: ["Aurora", "Basalt", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper", "Kestrel", "Lumen", "Meridian", "Nimbus", "Orchid", "Prairie", "Quartz", "Riverbend", "Summit", "Tundra"],
  second: ["Networks", "Internet", "Telecom", "Hosting", "Labs", "Communications", "Cloud", "Systems", "Broadband", "Net"],
};

/** Member scenarios the demo covers, so monitoring and deprovisioning have something to act on. */
type Scenario = "never_seen" | "up" | "down_days" | "down_weeks" | "testing";

function pickScenario(random: SeededRandom): Scenario {
  const roll = random.next();
  if (roll < 0.1) return "never_seen";
  if (roll < 0.65) return "up";
  if (roll < 0.82) return "down_days";
  if (roll < 0.95) return "down_weeks";
  return "testing";
}

function ipFlags(scenario: Scenario, now: Date, random: SeededRandom): Partial<NewIp> {
  switch (scenario) {
    case "never_seen":
      return { state: "allocated", provisioned: false, monitor: true, pingable: null, rsSession: "unknown" };
    case "testing":
      return { state: "testing", provisioned: false, monitor: false, pingable: true, lastSeenUpAt: now, rsSession: "unknown" };
    case "up":
      return { state: "production", provisioned: true, monitor: true, pingable: true, lastSeenUpAt: now, rsSession: "up", rsSessionLastUpAt: now };
    case "down_days": {
      const since = new Date(now.getTime() - random.int(1, 6) * DAY - random.int(0, 23) * 3_600_000);
      return { state: "production", provisioned: true, monitor: true, pingable: false, pingDownSince: since, lastSeenUpAt: since, rsSession: "down", rsSessionDownSince: since, rsSessionLastUpAt: since };
    }
    case "down_weeks": {
      const since = new Date(now.getTime() - random.int(15, 45) * DAY);
      const deprovisioned = random.chance(0.5);
      return {
        state: deprovisioned ? "decommissioned" : "production",
        provisioned: !deprovisioned,
        monitor: true,
        pingable: false,
        pingDownSince: since,
        lastSeenUpAt: since,
        rsSession: "down",
        rsSessionDownSince: since,
        rsSessionLastUpAt: since,
        deprovisionedAt: deprovisioned ? new Date(since.getTime() + 14 * DAY) : null,
      };
    }
  }
}

function publicEndpoint(random: SeededRandom, family: 4 | 6): string {
  if (family === 6) return `2a0${random.int(1, 9)}:${random.int(0x1000, 0xffff).toString(16)}:${random.int(1, 0xffff).toString(16)}::${random.int(1, 0xff).toString(16)}`;
  return `${random.pick([23, 45, 77, 89, 151, 176, 185, 193, 212])}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
}

async function upsertNetwork(tx: Transaction, members: number) {
  for (const location of DEMO_LOCATIONS) {
    const [existing] = await tx.select({ id: locations.id }).from(locations).where(eq(locations.code, location.code));
    if (existing) continue;
    const uplink = location.uplink
      ? (await tx.select({ id: locations.id }).from(locations).where(eq(locations.code, location.uplink)))[0]
      : undefined;
    const [created] = await tx
      .insert(locations)
      .values({
        code: location.code,
        name: location.name,
        city: location.city,
        country: location.country,
        endpointIpv4: location.endpointIpv4,
        endpointIpv6: location.endpointIpv6,
        managementHost: `tunnel-${location.code.toLowerCase()}.example.net`,
        mode: location.mode,
        uplinkLocationId: uplink?.id ?? null,
        meshVni: location.meshVni,
      })
      .$returningId();
    if (!created) throw new Error(`could not create location ${location.code}`);
    await tx.insert(locationTunnelTypes).values(
      Object.entries(location.tunnelTypes).map(([type, params]) => ({ locationId: created.id, type: type as TunnelType, params })),
    );
  }

  let [lan] = await tx.select().from(peeringLans).where(eq(peeringLans.name, DEMO_LAN.name));
  if (!lan) {
    const ipv4Prefix = demoIpv4Prefix(members);
    await tx.insert(peeringLans).values({
      name: DEMO_LAN.name,
      ipv4Prefix,
      ipv6Prefix: DEMO_LAN.ipv6Prefix,
      allocationScheme: "ipv4_mirror",
      ixfVlanId: DEMO_LAN.ixfVlanId,
    });
    [lan] = await tx.select().from(peeringLans).where(eq(peeringLans.name, DEMO_LAN.name));
    if (!lan) throw new Error("could not create the demo peering LAN");
    const network = ipaddr.IPv4.networkAddressFromCIDR(ipv4Prefix).octets;
    const v4 = (offset: number) => `${network[0]}.${network[1]}.${network[2]}.${offset}`;
    await tx.insert(lanReservations).values([
      ...DEMO_LAN.reservations.map((r) => ({ lanId: lan!.id, family: r.family, firstAddress: v4(r.firstOffset), lastAddress: v4(r.lastOffset), purpose: r.purpose })),
      { lanId: lan.id, family: 6, firstAddress: DEMO_LAN.ipv6Reservation.first, lastAddress: DEMO_LAN.ipv6Reservation.last, purpose: DEMO_LAN.ipv6Reservation.purpose },
    ]);
    const birdDirectory = demoBirdDirectory(await demoNameOf(tx));
    for (const rs of DEMO_ROUTE_SERVERS) {
      const [location] = await tx.select({ id: locations.id }).from(locations).where(eq(locations.code, rs.location));
      await tx.insert(routeServers).values({
        name: rs.name,
        locationId: location!.id,
        lanId: lan.id,
        asn: env().IX_ASN,
        routerId: v4(rs.offset),
        ipv4Address: v4(rs.offset),
        ipv6Address: `2001:2:0:1::${rs.offset}`,
        controlSocket: path.join(birdDirectory, `${rs.name}.ctl`),
      });
    }
  }
  for (const user of DEMO_USERS) {
    await tx.insert(users).ignore().values({ email: user.email, name: user.name, role: user.role, emailVerified: new Date() });
  }
  return lan;
}

/**
 * Seeds a realistic synthetic IX. Deterministic for a given seed; members whose first ASN already
 * exists are skipped, so running it twice adds nothing.
 */
export async function seedDemo(db: Database, options: DemoSeedOptions): Promise<DemoSeedResult> {
  const random = new SeededRandom(options.seed);
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const lan = await upsertNetwork(tx, options.members);
    const reservations = await tx.select().from(lanReservations).where(eq(lanReservations.lanId, lan.id));
    const plan: LanPlan = { ...lan, reservations };
    const offered = await tx
      .select({ locationId: locationTunnelTypes.locationId, type: locationTunnelTypes.type })
      .from(locationTunnelTypes)
      .innerJoin(locations, eq(locations.id, locationTunnelTypes.locationId));

    const used = new Set((await tx.select({ address: ips.address }).from(ips)).map((r) => r.address));
    const freeV4 = freeAddresses(plan, 4, used);
    const tunnelCounters = new Map<string, number>();
    for (const row of await tx
      .select({ locationId: connections.locationId, type: connections.type, max: sql<number>`max(${connections.tunnelId})` })
      .from(connections)
      .groupBy(connections.locationId, connections.type)) {
      tunnelCounters.set(`${row.locationId}:${row.type}`, Number(row.max ?? 0));
    }
    const nextTunnelId = (locationId: number, type: TunnelType): number | null => {
      if (type === "local" || type === "custom") return null;
      const key = `${locationId}:${type}`;
      const value = Math.max(tunnelCounters.get(key) ?? 0, 99) + 1;
      tunnelCounters.set(key, value);
      return value;
    };

    const [maxIds] = await tx
      .select({
        client: sql<number>`(select coalesce(max(id),0) from ${clients})`,
        asn: sql<number>`(select coalesce(max(id),0) from ${asns})`,
        connection: sql<number>`(select coalesce(max(id),0) from ${connections})`,
      })
      .from(sql`dual`);
    let clientId = Number(maxIds?.client ?? 0);
    let asnId = Number(maxIds?.asn ?? 0);
    let connectionId = Number(maxIds?.connection ?? 0);

    const rows = { clients: [] as NewClient[], asns: [] as NewAsn[], connections: [] as NewConnection[], ips: [] as NewIp[] };
    const existingAsns = new Set((await tx.select({ asn: asns.asn }).from(asns)).map((r) => r.asn));
    let skipped = 0;

    for (let index = 0; index < options.members; index++) {
      const asnCount = random.chance(0.75) ? 1 : random.chance(0.8) ? 2 : 3;
      const memberAsns = Array.from({ length: asnCount }, (_, k) => (index % 3 === 0 ? 200000 : 30000) + index * 3 + k);
      const scenario = pickScenario(random);
      const name = `${random.pick(NAME_PARTS.first)} ${random.pick(NAME_PARTS.second)} ${index + 1}`;
      const wantsIpv4 = random.chance(0.9);
      // Every tunnel type appears among the first members, whatever the member count.
      const preferredType = TUNNEL_TYPES[index % TUNNEL_TYPES.length]!;
      const connectionCount = random.chance(0.85) ? 1 : 2;
      if (existingAsns.has(memberAsns[0]!)) {
        skipped++;
        continue;
      }
      const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/-+$/, "");
      rows.clients.push({
        id: ++clientId,
        name,
        website: `https://www.${slug}.example`,
        contactName: `NOC of ${name}`,
        contactEmail: `noc@${slug}.example`,
        contactPrivate: random.chance(0.1),
        peeringPolicy: random.pick(["open", "open", "open", "selective", "case-by-case"] as const),
        state: scenario === "never_seen" ? "allocated" : scenario === "testing" ? "testing" : "production",
      });
      const memberConnections: number[] = [];
      for (let c = 0; c < connectionCount; c++) {
        const candidates = offered.filter((o) => c > 0 || o.type === preferredType);
        const choice = random.pick(candidates.length > 0 ? candidates : offered);
        const endpoint =
          choice.type === "zerotier"
            ? random.int(0x1000000000, 0xffffffffff).toString(16).padStart(10, "0")
            : choice.type === "local" || choice.type === "custom"
              ? null
              : publicEndpoint(random, random.chance(0.2) ? 6 : 4);
        rows.connections.push({
          id: ++connectionId,
          clientId,
          locationId: choice.locationId,
          type: choice.type,
          tunnelId: nextTunnelId(choice.locationId, choice.type),
          remoteEndpoint: endpoint,
          params: {},
          macAddresses: [],
          state: scenario === "never_seen" ? "allocated" : scenario === "testing" ? "testing" : "production",
        });
        memberConnections.push(connectionId);
      }
      for (const asn of memberAsns) {
        rows.asns.push({
          id: ++asnId,
          asn,
          clientId,
          asSet: random.chance(0.7) ? `AS${asn}:AS-CUSTOMERS` : null,
          irrSource: "RADB",
          maxPrefixV4: random.pick([10, 50, 100, 500]),
          maxPrefixV6: random.pick([10, 20, 50, 100]),
          rsClient: random.chance(0.95),
          blackholeOptIn: random.chance(0.2),
        });
        const flags = ipFlags(scenario, now, random);
        const ipv4 = wantsIpv4 ? freeV4.next().value ?? null : null;
        if (wantsIpv4 && !ipv4) throw new Error(`the demo LAN ${plan.ipv4Prefix} is full`);
        if (ipv4) {
          used.add(ipv4);
          rows.ips.push({ lanId: lan.id, family: 4, address: ipv4, asnId, connectionId: memberConnections[0], ...flags });
        }
        const ipv6 = ipv6ForMember(plan, { asn, ipv4 }, used);
        used.add(ipv6);
        rows.ips.push({ lanId: lan.id, family: 6, address: ipv6, asnId, connectionId: memberConnections[0], ...flags });
      }
    }

    const chunk = 500;
    for (const [table, values] of [
      [clients, rows.clients],
      [connections, rows.connections],
      [asns, rows.asns],
      [ips, rows.ips],
    ] as const) {
      for (let i = 0; i < values.length; i += chunk) {
        await tx.insert(table).values(values.slice(i, i + chunk) as never);
      }
    }

    // The first demo member gets a login, so the member portal can be tried straight away.
    const firstClient = rows.clients[0];
    if (firstClient?.id) {
      await tx
        .insert(users)
        .ignore()
        .values({ email: firstClient.contactEmail, name: firstClient.contactName, role: "member", clientId: firstClient.id, emailVerified: now });
    }
    return {
      membersCreated: rows.clients.length,
      membersSkipped: skipped,
      ipsCreated: rows.ips.length,
      connectionsCreated: rows.connections.length,
    };
  });
}

export const demoSeedOptionsSchema = z.object({
  members: z.coerce.number().int("must be a whole number").min(1).max(20_000).default(25),
  seed: z.coerce.number().int("must be a whole number").min(0).max(2 ** 32 - 1).default(1),
});

export async function hasMembers(db: Database): Promise<boolean> {
  const [row] = await db.select({ id: clients.id }).from(clients).limit(1);
  return row !== undefined;
}
