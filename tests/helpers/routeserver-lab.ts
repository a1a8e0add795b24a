import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asns, clients, ips, irrPrefixSets, locations, peeringLans, routeServers } from "@/server/db/schema";
import { env, type Env } from "@/server/env";
import type { BirdClient } from "@/server/routeserver/bird-client";
import { deployRouteServer } from "@/server/routeserver/deploy";
import type { IrrPrefixEntry } from "@/server/routeserver/model";
import { createLan, startBird, type BirdInstance, type LanPort } from "./bird";
import { createTestDatabase, type TestDatabase } from "./db";
import type { Namespace } from "./netns";

/**
 * A route server rendered from its own database and deployed into a real BIRD, on a bridged LAN
 * with one namespace per member; member BIRDs are started by the test with the routes it needs.
 */

export const RS_ASN = 64500;
export const lan4 = (i: number) => `198.18.0.${i === 0 ? 1 : 10 + i}`;
export const lan6 = (i: number) => `2001:2:0:1::${i === 0 ? 1 : 10 + i}`;

export interface LabMember {
  asn: number;
  name: string;
  contactEmail?: string;
  maxPrefixV4?: number | null;
  asSet?: string;
  blackholeOptIn?: boolean;
  /** Also an IPv6 address on the LAN (lan6 of its index). */
  v6?: boolean;
  /** IPv4 IRR prefix list; none: the member is filtered on its own origin ASN only. */
  irr4?: IrrPrefixEntry[];
  irr6?: IrrPrefixEntry[];
  /** Origin ASNs of its IRR lists (default: its own ASN). */
  originAsns?: number[];
}

export interface RouteServerLab {
  test: TestDatabase;
  rs: BirdInstance;
  rsClient: BirdClient;
  workDir: string;
  /** Protocol name of member i (1-based, like the LAN addresses) on the route server. */
  protocolOf(i: number): string;
  ipIdOf(i: number): number;
  /**
   * Starts member i's BIRD with these `route ...;` lines in a static protocol, exported to the route server;
   * `importFilter` is its import from the route server (default: all).
   */
  startMember(i: number, statics: string, importFilter?: string): Promise<BirdInstance>;
  stop(): Promise<void>;
}

/** Polls until probe returns a value (errors count as "not yet"; the last one is shown on timeout). */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const value = await probe().catch((error: unknown) => void (last = error));
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * stayrtr in `namespace`, serving the ROAs in `roasPath` (JSON) on 127.0.0.1:`port`, resolved once it listens:
 * BIRD retries an RTR connection only after 30 s. `refreshSeconds`: how often it re-reads the file.
 */
export async function startStayRtr(namespace: Namespace, roasPath: string, port: number, metricsPort: number, refreshSeconds?: number): Promise<ChildProcess> {
  const refresh = refreshSeconds === undefined ? [] : ["-refresh", String(refreshSeconds)];
  const args = ["netns", "exec", namespace.name, "stayrtr", "-bind", `127.0.0.1:${port}`, "-cache", roasPath, "-checktime=false", ...refresh, "-metrics.addr", `127.0.0.1:${metricsPort}`, "-protocol", "1"];
  const rtr = spawn("ip", args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const collect = (chunk: Buffer) => void (log += chunk.toString());
  rtr.stdout!.on("data", collect);
  rtr.stderr!.on("data", collect);
  try {
    await until("stayrtr to listen", async () => (log.includes("Server started") ? true : undefined), 20_000);
  } catch (error) {
    rtr.kill("SIGTERM");
    throw new Error(`${String(error)}; stayrtr said: ${log}`);
  }
  return rtr;
}

export async function startRouteServerLab(members: LabMember[], envOverrides: Partial<Env> = {}): Promise<RouteServerLab> {
  const test = await createTestDatabase();
  const workDir = mkdtempSync(join(tmpdir(), "ixp-rs-lab-"));
  const lan = createLan(members.length + 1, lan4, lan6);
  const birds: BirdInstance[] = [];
  const stop = async () => {
    for (const bird of birds) bird.stop();
    lan.remove();
    rmSync(workDir, { recursive: true, force: true });
    await test.drop();
  };
  try {
    const rs = await startBird(lan.ports[0]!.namespace, "rs", `router id ${lan4(0)};\nprotocol device {}\n`);
    birds.push(rs);
    const ipIdByAddress = await seedRouteServer(test, members, rs.socket);
    const ipIds = members.map((_, index) => ipIdByAddress.get(lan4(index + 1))!);
    const deployed = await deployRouteServer(test.db, "rs1", { configDir: workDir, env: { ...env(), ...envOverrides } });
    const failed = deployed.steps.filter((s) => !s.ok);
    if (failed.length) throw new Error(`deploy failed: ${JSON.stringify(failed)}`);
    const rsClient = await rs.client();
    return {
      test,
      rs,
      rsClient,
      workDir,
      protocolOf: (i) => `AS${members[i - 1]!.asn}_4_${ipIds[i - 1]!}`,
      ipIdOf: (i) => ipIds[i - 1]!,
      async startMember(i, statics, importFilter = "all") {
        const port = lan.ports[i] as LanPort;
        const bird = await startBird(port.namespace, `m${i}`, memberConfig(port, members[i - 1]!.asn, statics, importFilter));
        birds.push(bird);
        return bird;
      },
      stop: async () => {
        rsClient.close();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

const memberConfig = (port: LanPort, asn: number, statics: string, importFilter: string) => `
router id ${port.ipv4};
protocol device {}
protocol static s4 { ipv4; ${statics} }
protocol bgp to_rs4 {
  local ${port.ipv4} as ${asn};
  neighbor ${lan4(0)} as ${RS_ASN};
  ipv4 { import ${importFilter}; export all; };
}
`;

/**
 * Route server rs1 (RS_ASN, lan4(0)/lan6(0), this control socket) on the test LAN, and member i (1-based) at lan4(i)
 * (and lan6(i) with `v6`), each a provisioned production address. Returns each address's ip id.
 */
export async function seedRouteServer(test: TestDatabase, members: LabMember[], controlSocket: string): Promise<Map<string, number>> {
  const db = test.db;
  const [location] = await db.insert(locations).values({ code: "TST", name: "Test", city: "Test", country: "US" }).$returningId();
  const [peeringLan] = await db.insert(peeringLans).values({ name: "Test LAN", ipv4Prefix: "198.18.0.0/24", ipv6Prefix: "2001:2:0:1::/64", ixfVlanId: 1 }).$returningId();
  await db.insert(routeServers).values({
    name: "rs1", locationId: location!.id, lanId: peeringLan!.id, asn: RS_ASN, routerId: lan4(0), ipv4Address: lan4(0), ipv6Address: lan6(0), controlSocket,
  });
  const ipIds = new Map<string, number>();
  for (const [index, member] of members.entries()) {
    const [client] = await db.insert(clients).values({ name: member.name, contactEmail: member.contactEmail ?? `noc@as${member.asn}.example` }).$returningId();
    const [asn] = await db
      .insert(asns)
      .values({ asn: member.asn, clientId: client!.id, asSet: member.asSet ?? null, maxPrefixV4: member.maxPrefixV4 ?? null, blackholeOptIn: member.blackholeOptIn ?? false })
      .$returningId();
    const addresses = [{ family: 4, address: lan4(index + 1) }, ...(member.v6 ? [{ family: 6, address: lan6(index + 1) }] : [])];
    for (const { family, address } of addresses) {
      const [ip] = await db.insert(ips).values({ lanId: peeringLan!.id, family, address, asnId: asn!.id, provisioned: true, state: "production" }).$returningId();
      ipIds.set(address, ip!.id);
    }
    const originAsns = member.originAsns ?? [member.asn];
    for (const [family, prefixes] of [[4, member.irr4], [6, member.irr6]] as const) {
      if (prefixes) await db.insert(irrPrefixSets).values({ asnId: asn!.id, family, prefixes: JSON.stringify(prefixes), originAsns, source: "test", fetchedAt: new Date() });
    }
  }
  return ipIds;
}
