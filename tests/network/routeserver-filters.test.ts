import { spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asns, neverViaRouteServersAsns } from "@/server/db/schema";
import { env, type Env } from "@/server/env";
import type { BirdClient } from "@/server/routeserver/bird-client";
import { deployRouteServer } from "@/server/routeserver/deploy";
import { refreshPeeringDbData } from "@/server/routeserver/peeringdb-refresh";
import { REJECT_REASON_TAG, REJECT_REASONS, RPKI_STATE_TAG, RPKI_STATES, type RejectReason } from "@/server/routeserver/policy";
import { findRouteServer, loadRenderInput, renderOptionsFromEnv } from "@/server/routeserver/queries";
import { renderRouteServerConfig } from "@/server/routeserver/render";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createLan, showRoutes, startBird, type BirdInstance, type LanPort } from "../helpers/bird";
import { startFakePeeringDb } from "../helpers/fake-peeringdb";
import { lan4 as LAN4, lan6 as LAN6, RS_ASN, seedRouteServer, startStayRtr, until, type LabMember } from "../helpers/routeserver-lab";

/**
 * Issue #15, points 2, 4, 5, 6 and 7 in a real BIRD route server with four member BIRDs:
 * RFC 7999 blackholing, IANA bogons, RPKI ROV tags and re-evaluation when ROAs change, BGP roles
 * and the never-via-route-servers list, and the max-prefix taken from PeeringDB.
 */

const BLACKHOLE_NEXT_HOP = { 4: "198.18.0.66", 6: "2001:2:0:1::66" } as const;
const M1 = 30001; // opted in to blackholing, IRR list 31.1.0.0/16, no max-prefix of its own
const M2 = 30002; // not opted in, no IRR list; receives what the others send
const M3 = 30003; // announces BGP role rs_client
const M4 = 30004; // announces BGP role customer: wrong towards a route server
const NEVER_VIA = 30099; // flagged "never via route servers" on PeeringDB

type Expect = RejectReason | "accept";
const M1_ROUTES4: Record<string, Expect> = {
  "31.1.1.0/24": "accept", // ROA valid
  "31.1.2.0/24": "accept", // no ROA yet: unknown; a ROA for another origin comes later
  "31.1.9.9/32": "accept", // blackhole host route inside the IRR list
  "31.1.10.0/28": "BLACKHOLE_LENGTH", // blackhole, but not a host route
  "44.9.9.9/32": "IRR_PREFIX", // blackhole of someone else's address
  "31.1.3.0/24": "NEVER_VIA_ROUTE_SERVERS", // path through AS30099
};
const M1_STATICS4 = `
  route 31.1.1.0/24 blackhole;
  route 31.1.2.0/24 blackhole;
  route 31.1.9.9/32 blackhole { bgp_community.add((65535, 666)); };
  route 31.1.10.0/28 blackhole { bgp_community.add((65535, 666)); };
  route 44.9.9.9/32 blackhole { bgp_community.add((65535, 666)); };
  route 31.1.3.0/24 blackhole { bgp_path.prepend(${NEVER_VIA}); };
`;
const M1_ROUTES6: Record<string, Expect> = {
  "2001:0:1::/48": "BOGON_PREFIX", // inside Teredo
  "2002:c000:200::/40": "BOGON_PREFIX", // 6to4 more-specific
  "2001::/32": "accept", // Teredo itself (relays announce it)
  "2001:3::/32": "accept", // AMT: globally reachable inside 2001::/23
  "2001:20::/28": "accept", // ORCHIDv2: globally reachable
  "2a0b:1::/48": "accept",
  "2a0b:1::9/128": "accept", // blackhole host route inside the IRR list
  "2a0b:2::9/128": "IRR_PREFIX", // blackhole of someone else's address
};
// The IPv6 IRR list holds every prefix above but the last, so the bogon check is what filters.
const M1_IRR6 = [{ prefix: "2a0b:1::/32", le: 48 }, ...["2001:0:1::/48", "2002:c000:200::/40", "2001::/32", "2001:3::/32", "2001:20::/28"].map((prefix) => ({ prefix }))];
const M1_STATICS6 = Object.keys(M1_ROUTES6)
  .map((prefix) => `route ${prefix} blackhole${prefix.endsWith("/128") ? " { bgp_community.add((65535, 666)); }" : ""};`)
  .join(" ");
const M2_ROUTES4: Record<string, Expect> = {
  "45.2.0.0/24": "accept",
  "45.2.1.1/32": "BLACKHOLE_NOT_ALLOWED",
};
// 45.2.0.0/24 claims to be RPKI valid with the route server's own community: it must not stick.
const M2_STATICS4 = `route 45.2.0.0/24 blackhole { bgp_large_community.add((${RS_ASN}, 1000, 1)); }; route 45.2.1.1/32 blackhole { bgp_community.add((65535, 666)); };`;

const roas = (extra: { prefix: string; maxLength: number; asn: string; ta: string }[]) =>
  JSON.stringify({
    metadata: { generated: Math.floor(Date.now() / 1000), counts: 1 + extra.length },
    roas: [{ prefix: "31.1.1.0/24", maxLength: 24, asn: `AS${M1}`, ta: "test" }, ...extra],
  });

const memberConfig = (port: LanPort, asn: number, statics4: string, options: { role?: string; statics6?: string } = {}) => `
router id ${port.ipv4};
protocol device {}
protocol static s4 { ipv4; ${statics4} }
protocol bgp to_rs4 {
  local ${port.ipv4} as ${asn};
  neighbor ${LAN4(0)} as ${RS_ASN};${options.role ? `\n  local role ${options.role};` : ""}
  ipv4 { import all; export all; };
}
${options.statics6 ? `protocol static s6 { ipv6; ${options.statics6} }
protocol bgp to_rs6 {
  local ${port.ipv6} as ${asn};
  neighbor ${LAN6(0)} as ${RS_ASN};
  ipv6 { import all; export all; };
}` : ""}
`;

let test: TestDatabase;
let lan: ReturnType<typeof createLan>;
let workDir: string;
let rtr: ChildProcess | undefined;
let peeringDb: Awaited<ReturnType<typeof startFakePeeringDb>>;
let deployEnv: Env;
const birds: BirdInstance[] = [];
let rsClient: BirdClient;
let ipIds: Map<string, number>;

const MEMBERS: LabMember[] = [
  { asn: M1, name: `Member ${M1}`, blackholeOptIn: true, v6: true, irr4: [{ prefix: "31.1.0.0/16", le: 24 }], irr6: M1_IRR6 },
  { asn: M2, name: `Member ${M2}`, maxPrefixV4: 100, v6: true },
  { asn: M3, name: `Member ${M3}`, maxPrefixV4: 100 },
  { asn: M4, name: `Member ${M4}`, maxPrefixV4: 100 },
];

beforeAll(async () => {
  test = await createTestDatabase();
  workDir = mkdtempSync(join(tmpdir(), "ixp-rs-filters-"));
  lan = createLan(5, LAN4, LAN6);
  const [rsPort, m1, m2, m3, m4] = lan.ports as [LanPort, LanPort, LanPort, LanPort, LanPort];
  peeringDb = await startFakePeeringDb([
    { asn: M1, info_prefixes4: 50, info_prefixes6: 10 },
    // M2 set the flag itself but peers with the route servers anyway: its own routes are not filtered for it.
    { asn: M2, info_prefixes4: 5, info_never_via_route_servers: true },
    { asn: NEVER_VIA, info_never_via_route_servers: true },
    { asn: 64999, info_never_via_route_servers: true },
  ]);
  deployEnv = {
    ...env(),
    PEERINGDB_URL: peeringDb.url,
    RS_RTR_SERVER: "127.0.0.1:8283",
    RS_BLACKHOLE_NEXT_HOP_V4: BLACKHOLE_NEXT_HOP[4],
    RS_BLACKHOLE_NEXT_HOP_V6: BLACKHOLE_NEXT_HOP[6],
    RS_NEVER_VIA_ROUTE_SERVERS: "peeringdb",
  };

  writeFileSync(join(workDir, "roas.json"), roas([]));
  // Refresh 1: stayrtr re-reads the file every second and notifies BIRD of a new serial.
  rtr = await startStayRtr(rsPort.namespace, join(workDir, "roas.json"), 8283, 9848, 1);

  const rs = await startBird(rsPort.namespace, "rs", `router id ${LAN4(0)};\nprotocol device {}\n`);
  birds.push(rs);
  ipIds = await seedRouteServer(test, MEMBERS, rs.socket);
  const refreshed = await refreshPeeringDbData(test.db, deployEnv, new Date());
  expect(refreshed).toEqual({ prefixCounts: { asns: 2, changed: 2 }, neverVia: { asns: 3, changed: true } });
  const deployed = await deployRouteServer(test.db, "rs1", { configDir: workDir, env: deployEnv });
  expect(deployed.steps.filter((s) => !s.ok)).toEqual([]);
  rsClient = await rs.client();
  await until("ROAs from stayrtr", async () => {
    const lines = await rsClient.command("show route table rpki4 count");
    return lines.some((l) => /^[1-9]\d* of \d+ routes/.test(l.text)) ? true : undefined;
  });

  birds.push(await startBird(m1.namespace, "m1", memberConfig(m1, M1, M1_STATICS4, { statics6: M1_STATICS6 })));
  birds.push(await startBird(m2.namespace, "m2", memberConfig(m2, M2, M2_STATICS4, { statics6: "route 2a0b:2::/48 blackhole;" })));
  birds.push(await startBird(m3.namespace, "m3", memberConfig(m3, M3, "", { role: "rs_client" })));
  birds.push(await startBird(m4.namespace, "m4", memberConfig(m4, M4, "", { role: "customer" })));
  const expected = [...Object.keys(M1_ROUTES4), ...Object.keys(M1_ROUTES6), ...Object.keys(M2_ROUTES4)];
  await until("all routes at the route server", async () => {
    const seen = new Set([...(await showRoutes(rsClient, "show route")), ...(await showRoutes(rsClient, "show route filtered"))].map((r) => r.prefix));
    return expected.every((prefix) => seen.has(prefix)) ? true : undefined;
  });
}, 120_000);

afterAll(async () => {
  rsClient?.close();
  for (const bird of birds) bird.stop();
  rtr?.kill("SIGTERM");
  lan?.remove();
  await peeringDb?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  await test?.drop();
});

const reasonTag = (reason: RejectReason) => `(${RS_ASN}, ${REJECT_REASON_TAG}, ${REJECT_REASONS[reason].code})`;
const rpkiTag = (state: keyof typeof RPKI_STATES) => `(${RS_ASN}, ${RPKI_STATE_TAG}, ${RPKI_STATES[state]})`;
const protocolOf = (asn: number, family: 4 | 6, address: string) => `AS${asn}_${family}_${ipIds.get(address)}`;

async function assertPolicy(protocol: string, routes: Record<string, Expect>) {
  const accepted = (await showRoutes(rsClient, `show route protocol ${protocol} all`)).map((r) => r.prefix).sort();
  const filtered = await showRoutes(rsClient, `show route filtered protocol ${protocol} all`);
  expect(accepted).toEqual(Object.entries(routes).filter(([, v]) => v === "accept").map(([p]) => p).sort());
  const reasons = Object.fromEntries(filtered.map((r) => [r.prefix, r.largeCommunities.filter((c) => c.includes(`, ${REJECT_REASON_TAG}, `))]));
  expect(reasons).toEqual(Object.fromEntries(Object.entries(routes).filter(([, v]) => v !== "accept").map(([p, v]) => [p, [reasonTag(v as RejectReason)]])));
}

/** The attribute lines of one route as a member sees it. */
async function routeAttributes(client: BirdClient, prefix: string): Promise<string> {
  return (await client.command(`show route ${prefix} all`)).map((l) => l.text).join("\n");
}

describe("route-server filters in real BIRD", () => {
  it("accepts an opted-in member's host-route blackhole inside its IRR list, and filters the others with their reasons", async () => {
    await assertPolicy(protocolOf(M1, 4, LAN4(1)), M1_ROUTES4);
    await assertPolicy(protocolOf(M2, 4, LAN4(2)), M2_ROUTES4);
  });

  it("refuses to deploy a blackhole next hop outside the peering LAN, and leaves the running config alone", async () => {
    const running = readFileSync(join(workDir, "rs1.conf"), "utf8");
    const report = await deployRouteServer(test.db, "rs1", { configDir: workDir, env: { ...deployEnv, RS_BLACKHOLE_NEXT_HOP_V4: "203.0.113.9" } });
    expect(report).toMatchObject({ ok: false, changed: false });
    expect(report.steps.at(-1)).toMatchObject({ step: "render", ok: false, detail: "RS_BLACKHOLE_NEXT_HOP_V4 203.0.113.9 is not on the peering LAN (198.18.0.0/24)" });
    expect(readFileSync(join(workDir, "rs1.conf"), "utf8")).toBe(running);
  });

  it("sends the blackhole on with NO_EXPORT and the IX's blackhole next hop per family (RFC 7999)", async () => {
    const m2 = await birds[2]!.client();
    try {
      const route = await until("the blackhole at M2", async () => {
        const [found] = await showRoutes(m2, "show route 31.1.9.9/32 all");
        return found;
      });
      expect(route.communities).toEqual(expect.arrayContaining(["(65535,666)", "(65535,65281)"]));
      expect(await routeAttributes(m2, "31.1.9.9/32")).toMatch(new RegExp(`BGP\\.next_hop: ${BLACKHOLE_NEXT_HOP[4].replaceAll(".", "\\.")}\\b`));
      const route6 = await until("the IPv6 blackhole at M2", async () => (await showRoutes(m2, "show route 2a0b:1::9/128 all"))[0]);
      expect(route6.communities).toEqual(expect.arrayContaining(["(65535,666)", "(65535,65281)"]));
      expect(await routeAttributes(m2, "2a0b:1::9/128")).toMatch(new RegExp(`BGP\\.next_hop: ${BLACKHOLE_NEXT_HOP[6]}\\b`));
      // An ordinary route keeps the member's next hop and gets no NO_EXPORT.
      const [ordinary] = await showRoutes(m2, "show route 31.1.1.0/24 all");
      expect(ordinary?.communities).toEqual([]);
      expect(await routeAttributes(m2, "31.1.1.0/24")).toMatch(new RegExp(`BGP\\.next_hop: ${LAN4(1).replaceAll(".", "\\.")}\\b`));
    } finally {
      m2.close();
    }
  });

  it("filters IANA special-purpose more-specifics (Teredo, 6to4) and accepts the globally reachable blocks", async () => {
    await assertPolicy(protocolOf(M1, 6, LAN6(1)), M1_ROUTES6);
  });

  it("tags every accepted route with its RPKI ROV state, and members receive the tag", async () => {
    const tags = async (prefix: string) => (await showRoutes(rsClient, `show route ${prefix} all`))[0]?.largeCommunities;
    expect(await tags("31.1.1.0/24")).toEqual([rpkiTag("VALID")]);
    expect(await tags("31.1.2.0/24")).toEqual([rpkiTag("UNKNOWN")]);
    expect(await tags("45.2.0.0/24")).toEqual([rpkiTag("UNKNOWN")]);
    const m2 = await birds[2]!.client();
    try {
      const atM2 = await until("M1's routes at M2", async () => {
        const table = new Map((await showRoutes(m2, "show route all")).map((r) => [r.prefix, r]));
        return table.has("31.1.1.0/24") && table.has("31.1.2.0/24") ? table : undefined;
      });
      expect(atM2.get("31.1.1.0/24")?.largeCommunities).toEqual([rpkiTag("VALID")]);
      expect(atM2.get("31.1.2.0/24")?.largeCommunities).toEqual([rpkiTag("UNKNOWN")]);
    } finally {
      m2.close();
    }
  });

  it("takes the max-prefix from PeeringDB plus the margin when the member sets none", async () => {
    const lines = (await rsClient.command(`show protocols all ${protocolOf(M1, 4, LAN4(1))}`)).map((l) => l.text).join("\n");
    // 50 prefixes on PeeringDB, 20 % margin (at least 10 more): 60.
    expect(lines).toMatch(/Import limit:\s+60\b/);
    const m2Lines = (await rsClient.command(`show protocols all ${protocolOf(M2, 4, LAN4(2))}`)).map((l) => l.text).join("\n");
    expect(m2Lines).toMatch(/Import limit:\s+100\b/); // its own setting wins over PeeringDB's 5
  });

  it("speaks BGP role rs_server: an rs_client member connects, a member claiming to be our customer is refused", async () => {
    await until("M3 established", async () => {
      const text = (await rsClient.command(`show protocols ${protocolOf(M3, 4, LAN4(3))}`)).map((l) => l.text).join("\n");
      return /Established/.test(text) ? true : undefined;
    });
    const m4 = protocolOf(M4, 4, LAN4(4));
    const refused = await until("M4 refused for its role", async () => {
      const text = (await rsClient.command(`show protocols all ${m4}`)).map((l) => l.text).join("\n");
      return /Role mismatch/i.test(text) ? text : undefined;
    });
    expect(refused).not.toMatch(/Established/);
  });

  it("renders roles only for a BIRD that has them, and either config parses on this BIRD", async () => {
    const record = (await findRouteServer(test.db, "rs1"))!;
    for (const [version, roles] of [["2.0.10", false], ["2.0.11", true], ["2.0.12", true]] as const) {
      const input = await loadRenderInput(test.db, record, (lanPrefixes, neverVia) => renderOptionsFromEnv({ ...deployEnv, RS_TARGET_BIRD_VERSION: version }, lanPrefixes, neverVia));
      const { config } = renderRouteServerConfig(input);
      expect(config.includes("local role rs_server;"), version).toBe(roles);
      const path = join(workDir, `roles-${version}.conf`);
      writeFileSync(path, config);
      const check = spawnSync("bird", ["-p", "-c", path], { encoding: "utf8" });
      expect(check.stderr + check.stdout, version).toBe("");
      expect(check.status, version).toBe(0);
    }
  });

  it("keeps the never-via-route-servers list from PeeringDB in the database", async () => {
    const rows = await test.db.select({ asn: neverViaRouteServersAsns.asn }).from(neverViaRouteServersAsns);
    expect(rows.map((r) => r.asn).sort()).toEqual([M2, NEVER_VIA, 64999]);
    const [m1] = await test.db.select({ v4: asns.peeringdbPrefixesV4, v6: asns.peeringdbPrefixesV6 }).from(asns).where(eq(asns.asn, M1));
    expect(m1).toEqual({ v4: 50, v6: 10 });
  });

  it("filters a route whose ROA appears after it was accepted, within the RTR refresh (ROV re-evaluation)", async () => {
    const m1 = protocolOf(M1, 4, LAN4(1));
    writeFileSync(join(workDir, "roas.json"), roas([{ prefix: "31.1.2.0/24", maxLength: 24, asn: "AS99999", ta: "test" }]));
    const started = Date.now();
    const filtered = await until(
      "31.1.2.0/24 filtered as RPKI invalid",
      async () => (await showRoutes(rsClient, `show route filtered protocol ${m1} all`)).find((r) => r.prefix === "31.1.2.0/24"),
      90_000,
    );
    expect(filtered.largeCommunities).toEqual(expect.arrayContaining([reasonTag("RPKI_INVALID"), rpkiTag("INVALID")]));
    expect(Date.now() - started).toBeLessThan(300_000); // the rendered RTR refresh interval
    const m2 = await birds[2]!.client();
    try {
      const gone = (error: unknown) => (/Network not found/.test(String(error)) ? [] : Promise.reject(error as Error));
      await until("31.1.2.0/24 withdrawn from M2", async () => ((await showRoutes(m2, "show route 31.1.2.0/24").catch(gone)).length === 0 ? true : undefined));
    } finally {
      m2.close();
    }
  }, 120_000);
});
