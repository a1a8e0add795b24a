import { spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ipRouteServerSessions, ips, routeServers } from "@/server/db/schema";
import { env } from "@/server/env";
import type { BirdClient } from "@/server/routeserver/bird-client";
import { localConfigHost } from "@/server/routeserver/config-host";
import { deployRouteServer, rolloutConfig } from "@/server/routeserver/deploy";
import { REJECT_REASON_TAG, REJECT_REASONS, RPKI_STATE_TAG, RPKI_STATES, type RejectReason } from "@/server/routeserver/policy";
import { listActiveRouteServers } from "@/server/routeserver/queries";
import { readRouteServerSessions, refreshRouteServerSessions } from "@/server/routeserver/sessions";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createLan, showRoutes, startBird, type BirdInstance, type LanPort } from "../helpers/bird";
import { lan4 as LAN4, lan6 as LAN6, RS_ASN, seedRouteServer, startStayRtr, until, type LabMember } from "../helpers/routeserver-lab";

/**
 * The generated route-server config in a real BIRD, with three member BIRDs on a bridged LAN.
 * Every import rule gets a route that must pass and routes that must be filtered with their reason.
 */

const M1 = 30001;
const M2 = 30002;
const M3 = 30003;

const memberConfig = (port: LanPort, asn: number, statics4: string, session4 = "", statics6 = "") => `
router id ${port.ipv4};
protocol device {}
protocol static s4 { ipv4; ${statics4} }
protocol bgp to_rs4 {
  local ${port.ipv4} as ${asn};
  neighbor ${LAN4(0)} as ${RS_ASN};
  ${session4}
  ipv4 { import all; export all; };
}
${statics6 ? `protocol static s6 { ipv6; ${statics6} }
protocol bgp to_rs6 {
  local ${port.ipv6} as ${asn};
  neighbor ${LAN6(0)} as ${RS_ASN};
  ipv6 { import all; export all; };
}` : ""}
`;

/** prefix -> the reason it must be rejected for, or "accept". */
const M1_ROUTES: Record<string, RejectReason | "accept"> = {
  "23.1.1.0/24": "accept",
  "23.1.2.0/24": "accept", // origin 30011 is in the member's AS-SET
  "23.1.3.0/24": "accept", // do not announce to M2
  "23.1.4.0/24": "accept", // announce only to M3
  "23.1.5.1/32": "accept", // blackhole, member opted in
  "23.1.11.0/24": "accept", // prepend once towards M3
  "23.1.12.0/24": "accept", // graceful shutdown
  "23.1.13.0/24": "accept", // do not announce to M2, standard-community form
  "10.1.0.0/24": "BOGON_PREFIX",
  "198.18.0.0/24": "PEERING_LAN",
  "23.1.6.0/25": "PREFIX_LENGTH",
  "44.0.0.0/24": "IRR_PREFIX",
  "23.1.7.0/24": "TRANSIT_FREE_ASN",
  "23.1.8.0/24": "IRR_ORIGIN",
  "23.1.9.0/24": "NEXT_HOP",
  "23.1.10.0/24": "RPKI_INVALID",
};
const M1_STATICS = `
  route 23.1.1.0/24 blackhole;
  route 23.1.2.0/24 blackhole { bgp_path.prepend(30011); };
  route 23.1.3.0/24 blackhole { bgp_large_community.add((${RS_ASN}, 0, ${M2})); };
  route 23.1.4.0/24 blackhole { bgp_large_community.add((${RS_ASN}, 0, 0)); bgp_large_community.add((${RS_ASN}, 1, ${M3})); };
  route 23.1.5.1/32 blackhole { bgp_community.add((65535, 666)); };
  route 23.1.11.0/24 blackhole { bgp_large_community.add((${RS_ASN}, 101, ${M3})); };
  route 23.1.12.0/24 blackhole { bgp_community.add((65535, 0)); };
  route 23.1.13.0/24 blackhole { bgp_community.add((0, ${M2})); };
  route 10.1.0.0/24 blackhole;
  route 198.18.0.0/24 blackhole;
  route 23.1.6.0/25 blackhole;
  route 44.0.0.0/24 blackhole;
  route 23.1.7.0/24 blackhole { bgp_path.prepend(30011); bgp_path.prepend(3356); };
  route 23.1.8.0/24 blackhole { bgp_path.prepend(30099); };
  route 23.1.9.0/24 via 198.18.0.99;
  route 23.1.10.0/24 blackhole;
`;
const M1_ROUTES6: Record<string, RejectReason | "accept"> = { "2a0b:1::/48": "accept", "2001:db8:1::/48": "BOGON_PREFIX" };
const M1_STATICS6 = `route 2a0b:1::/48 blackhole; route 2001:db8:1::/48 blackhole;`;

const M2_ROUTES: Record<string, RejectReason | "accept"> = {
  "45.2.0.0/24": "accept", // no IRR list: own origin only
  "45.2.1.1/32": "BLACKHOLE_NOT_ALLOWED",
  "45.2.2.0/24": "BOGON_ASN",
  "45.2.3.0/24": "IRR_ORIGIN",
  "45.2.4.0/24": "AS_PATH_TOO_LONG",
};
const M2_STATICS = `
  route 45.2.0.0/24 blackhole;
  route 45.2.1.1/32 blackhole { bgp_community.add((65535, 666)); };
  route 45.2.2.0/24 blackhole { bgp_path.prepend(64512); };
  route 45.2.3.0/24 blackhole { bgp_path.prepend(30099); };
  route 45.2.4.0/24 blackhole { ${"bgp_path.prepend(30002); ".repeat(32)}};
`;
// M3 is an "rs client" of the route server from its own side, so BIRD does not prepend its ASN and the
// paths below are exactly what the route server receives.
const M3_STATICS = `
  route 46.3.0.0/24 blackhole { bgp_path.prepend(${M3}); };
  route 46.3.1.0/24 blackhole { bgp_path.prepend(${M3}); };
  route 46.3.2.0/24 blackhole { bgp_path.prepend(${M3}); };
  route 46.3.3.0/24 blackhole { bgp_path.prepend(${M3}); bgp_path.prepend(30099); };
`;

const ROAS = {
  metadata: { generated: 1700000000, counts: 2 },
  roas: [
    { prefix: "23.1.10.0/24", maxLength: 24, asn: "AS99999", ta: "test" },
    { prefix: "23.1.1.0/24", maxLength: 24, asn: "AS30001", ta: "test" },
  ],
};

let test: TestDatabase;
let lan: ReturnType<typeof createLan>;
let workDir: string;
let rtr: ChildProcess | undefined;
const birds: BirdInstance[] = [];
let rs: BirdInstance;
let rsClient: BirdClient;
let ipIds: Map<string, number>;

const MEMBERS: LabMember[] = [
  {
    asn: M1, name: 'Evil "}; protocol bgp x {', maxPrefixV4: 100, blackholeOptIn: true, v6: true,
    irr4: [{ prefix: "23.1.0.0/16", le: 24 }, { prefix: "44.0.0.0/8", ge: 25, le: 32 }], irr6: [{ prefix: "2a0b:1::/32", le: 48 }], originAsns: [M1, 30011],
  },
  { asn: M2, name: "Plain Networks", maxPrefixV4: 100, v6: true },
  { asn: M3, name: "Small Net", maxPrefixV4: 2 },
].map((member) => ({ ...member, asSet: `AS${member.asn}:AS-CUSTOMERS` }));

beforeAll(async () => {
  test = await createTestDatabase();
  workDir = mkdtempSync(join(tmpdir(), "ixp-rs-test-"));
  lan = createLan(4, LAN4, LAN6);
  const [rsPort, m1, m2, m3] = lan.ports as [LanPort, LanPort, LanPort, LanPort];

  writeFileSync(join(workDir, "roas.json"), JSON.stringify(ROAS));
  rtr = await startStayRtr(rsPort.namespace, join(workDir, "roas.json"), 8282, 9847);

  rs = await startBird(rsPort.namespace, "rs", `router id ${LAN4(0)};\nprotocol device {}\n`);
  birds.push(rs);
  ipIds = await seedRouteServer(test, MEMBERS, rs.socket);
  const deployed = await deployRouteServer(test.db, "rs1", {
    configDir: workDir,
    env: { ...env(), RS_RTR_SERVER: "127.0.0.1:8282", RS_MAX_PREFIX_ACTION: "block" },
  });
  expect(deployed.steps.filter((s) => !s.ok)).toEqual([]);
  rsClient = await rs.client();
  // Members connect only once the validator's ROAs are in, so every route is checked against them.
  await until("ROAs from stayrtr", async () => {
    const lines = await rsClient.command("show route table rpki4 count");
    if (lines.some((l) => /^[1-9]\d* of \d+ routes/.test(l.text))) return true;
    // Shown when it times out.
    throw new Error(lines.map((l) => `${l.code} ${l.text}`).join(" | "));
  });

  birds.push(await startBird(m1.namespace, "m1", memberConfig(m1, M1, M1_STATICS, "", M1_STATICS6)));
  birds.push(await startBird(m2.namespace, "m2", memberConfig(m2, M2, M2_STATICS)));
  birds.push(await startBird(m3.namespace, "m3", memberConfig(m3, M3, M3_STATICS, "rs client;")));
  const expected = [...Object.keys(M1_ROUTES), ...Object.keys(M1_ROUTES6), ...Object.keys(M2_ROUTES), "46.3.0.0/24", "46.3.1.0/24", "46.3.2.0/24", "46.3.3.0/24"];
  await until("all member sessions established", async () => {
    const established = (await rsClient.command("show protocols")).filter((l) => l.code === 1002 && /^\S+\s+BGP\s.*Established/.test(l.text));
    return established.length === 4 ? true : undefined;
  });
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
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  await test?.drop();
});

function writeTemp(name: string, text: string): string {
  const path = join(workDir, name);
  writeFileSync(path, text);
  return path;
}

const reasonTag = (reason: RejectReason) => `(${RS_ASN}, ${REJECT_REASON_TAG}, ${REJECT_REASONS[reason].code})`;
const protocolOf = (asn: number, family: 4 | 6, address: string) => `AS${asn}_${family}_${ipIds.get(address)}`;

async function assertPolicy(protocol: string, routes: Record<string, RejectReason | "accept">) {
  const accepted = (await showRoutes(rsClient, `show route protocol ${protocol} all`)).map((r) => r.prefix).sort();
  const filtered = await showRoutes(rsClient, `show route filtered protocol ${protocol} all`);
  const expectAccepted = Object.entries(routes).filter(([, v]) => v === "accept").map(([p]) => p).sort();
  expect(accepted).toEqual(expectAccepted);
  const reasons = Object.fromEntries(filtered.map((r) => [r.prefix, r.largeCommunities.filter((c) => c.includes(`, ${REJECT_REASON_TAG}, `))]));
  const expectReasons = Object.fromEntries(Object.entries(routes).filter(([, v]) => v !== "accept").map(([p, v]) => [p, [reasonTag(v as RejectReason)]]));
  expect(reasons).toEqual(expectReasons);
}

describe("route server policy in real BIRD", () => {
  it("accepts and rejects M1's IPv4 routes, tagging each rejection with its reason", async () => {
    await assertPolicy(protocolOf(M1, 4, LAN4(1)), M1_ROUTES);
  });

  it("applies the same policy to IPv6 sessions", async () => {
    await assertPolicy(protocolOf(M1, 6, LAN6(1)), M1_ROUTES6);
  });

  it("filters a member without IRR list on its own origin, and refuses blackholes without opt-in", async () => {
    await assertPolicy(protocolOf(M2, 4, LAN4(2)), M2_ROUTES);
  });

  it("rejects a wrong first AS and stops at the member's max-prefix", async () => {
    const protocol = protocolOf(M3, 4, LAN4(3));
    const accepted = (await showRoutes(rsClient, `show route protocol ${protocol}`)).map((r) => r.prefix);
    expect(accepted).toHaveLength(2);
    for (const prefix of accepted) expect(["46.3.0.0/24", "46.3.1.0/24", "46.3.2.0/24"]).toContain(prefix);
    const filtered = new Map((await showRoutes(rsClient, `show route filtered protocol ${protocol} all`)).map((r) => [r.prefix, r.largeCommunities]));
    expect(filtered.get("46.3.3.0/24")).toEqual([reasonTag("FIRST_AS")]);
    // With action "block", BIRD keeps the route over the limit as filtered, without a reason of ours.
    const overLimit = ["46.3.0.0/24", "46.3.1.0/24", "46.3.2.0/24"].filter((prefix) => !accepted.includes(prefix));
    expect(overLimit.map((prefix) => filtered.get(prefix)?.filter((c) => c.includes(`, ${REJECT_REASON_TAG}, `)))).toEqual([[]]);
    expect(filtered.size).toBe(2);
  });

  it("honours graceful shutdown", async () => {
    const [route] = await showRoutes(rsClient, "show route 23.1.12.0/24 all");
    expect(route?.localPref).toBe(0);
  });

  it("delivers accepted routes to the other members and honours do-not-announce, announce-only and prepend", async () => {
    const m2 = await birds[2]!.client();
    const m3 = await birds[3]!.client();
    try {
      const arrived = ["23.1.1.0/24", "23.1.2.0/24", "23.1.5.1/32", "23.1.11.0/24", "23.1.12.0/24"];
      const tableOnceArrived = (client: BirdClient, extra: string[]) =>
        until("routes at the members", async () => {
          const table = new Map((await showRoutes(client, "show route all")).map((r) => [r.prefix, r]));
          return [...arrived, ...extra].every((prefix) => table.has(prefix)) ? table : undefined;
        });
      const fromM3 = (await showRoutes(rsClient, `show route protocol ${protocolOf(M3, 4, LAN4(3))}`)).map((r) => r.prefix);
      const atM2 = await tableOnceArrived(m2, fromM3);
      const atM3 = await tableOnceArrived(m3, ["23.1.3.0/24", "23.1.4.0/24", "23.1.13.0/24", "45.2.0.0/24"]);
      for (const prefix of ["10.1.0.0/24", "44.0.0.0/24", "23.1.10.0/24", "46.3.3.0/24"]) expect(atM2.has(prefix), prefix).toBe(false);
      expect(atM2.has("23.1.3.0/24")).toBe(false);
      expect(atM2.has("23.1.13.0/24")).toBe(false);
      expect(atM3.get("23.1.13.0/24")?.communities).toEqual([]);
      expect(atM3.has("23.1.3.0/24")).toBe(true);
      expect(atM2.has("23.1.4.0/24")).toBe(false);
      // The control communities are gone; only the RPKI state stays (no ROA for 23.1.4.0/24).
      expect(atM3.get("23.1.4.0/24")?.largeCommunities).toEqual([`(${RS_ASN}, ${RPKI_STATE_TAG}, ${RPKI_STATES.UNKNOWN})`]);
      expect(atM3.get("23.1.11.0/24")?.path).toEqual([M1, M1]);
      expect(atM2.get("23.1.11.0/24")?.path).toEqual([M1]);
    } finally {
      m2.close();
      m3.close();
    }
  });

  it("stores session status per route server and the aggregate on each member IP", async () => {
    const now = new Date();
    const result = await refreshRouteServerSessions(test.db, now);
    expect(result.routeServers).toEqual([{ name: "rs1", ok: true, sessions: 5 }]);
    const rows = await test.db.select().from(ips);
    const byAddress = new Map(rows.map((r) => [r.address, r]));
    for (const address of [LAN4(1), LAN6(1), LAN4(2), LAN4(3)]) {
      expect(byAddress.get(address)?.rsSession, address).toBe("up");
      expect(byAddress.get(address)?.rsSessionLastUpAt?.getTime()).toBe(now.getTime());
    }
    // M2 has an IPv6 address provisioned but no IPv6 session configured on its router.
    const down = byAddress.get(LAN6(2))!;
    expect(down.rsSession).toBe("down");
    expect(down.rsSessionDownSince).not.toBeNull();
    const [session] = await test.db.select().from(ipRouteServerSessions).where(eq(ipRouteServerSessions.ipId, ipIds.get(LAN4(1))!));
    const m1Accepted = Object.values(M1_ROUTES).filter((v) => v === "accept").length;
    const m1Filtered = Object.keys(M1_ROUTES).length - m1Accepted;
    expect(session).toMatchObject({ state: "up", bgpState: "Established", routesImported: m1Accepted, routesFiltered: m1Filtered });

    const status = runCli(["routeserver", "status", "rs1"], { DATABASE_URL: test.url });
    expect(status.stderr).toBe("");
    expect(status.stdout).toMatch(new RegExp(`^${protocolOf(M1, 4, LAN4(1))}\\s+198\\.18\\.0\\.11\\s+Established\\s+\\S+\\s+${m1Accepted}\\s+${m1Filtered}\\s+\\d+`, "m"));
    expect(status.stdout).toMatch(/2001:2:0:1::12\s+Active .*Socket: Connection refused/);
    expect(status.stdout).toContain("4 of 5 sessions established");

    const later = new Date(now.getTime() + 60_000);
    await refreshRouteServerSessions(test.db, later);
    const [again] = await test.db.select().from(ips).where(eq(ips.address, LAN6(2)));
    expect(again!.rsSessionDownSince!.getTime()).toBe(down.rsSessionDownSince!.getTime());
  });

  it("reads status and deploys through the SSH transport (ssh ... socat - UNIX-CONNECT:socket)", async () => {
    // A stand-in for ssh that runs the remote command line here, as the remote shell would.
    const bin = join(workDir, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "ssh"), `#!/bin/sh\nwhile [ "$1" != "--" ]; do shift; done\nshift 2\necho "$*" >> ${join(workDir, "ssh.log")}\nexec sh -c "$*"\n`, { mode: 0o755 });
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      const [record] = await listActiveRouteServers(test.db);
      const direct = await readRouteServerSessions(test.db, record!);
      const overSsh = await readRouteServerSessions(test.db, { ...record!, sshHost: "rs1.example.net", sshUser: "bird" });
      expect(overSsh.map((s) => [s.protocol.name, s.ipId, s.state])).toEqual(direct.map((s) => [s.protocol.name, s.ipId, s.state]));
      expect(overSsh).toHaveLength(5);
      await expect(readRouteServerSessions(test.db, { ...record!, sshHost: "-oProxyCommand=x" })).rejects.toThrow(/unsafe SSH destination/);

      const remoteDir = join(workDir, "remote");
      mkdirSync(remoteDir);
      await test.db.update(routeServers).set({ sshHost: "rs1.example.net", sshUser: "bird" });
      const deployed = await deployRouteServer(test.db, "rs1", { configDir: remoteDir, env: { ...env(), RS_RTR_SERVER: "127.0.0.1:8282", RS_MAX_PREFIX_ACTION: "block" } });
      expect(deployed.steps.filter((step) => !step.ok)).toEqual([]);
      expect(deployed).toMatchObject({ ok: true, changed: true });
      expect(readFileSync(join(remoteDir, "rs1.conf"), "utf8")).toBe(readFileSync(join(workDir, "rs1.conf"), "utf8"));
      const remoteCommands = readFileSync(join(workDir, "ssh.log"), "utf8");
      expect(remoteCommands).toContain(`cat > ${remoteDir}/rs1.conf.new && sync`);
      expect(remoteCommands).toContain(`bird -p -c ${remoteDir}/rs1.conf.new`);
      expect(remoteCommands).toContain(`mv -f ${remoteDir}/rs1.conf.new ${remoteDir}/rs1.conf`);
      expect(remoteCommands).toContain(`socat - UNIX-CONNECT:${rs.socket}`);
      const established = (await rsClient.command("show protocols")).filter((l) => l.code === 1002 && /^\S+\s+BGP\s.*Established/.test(l.text));
      expect(established).toHaveLength(4);
    } finally {
      process.env.PATH = path;
      await test.db.update(routeServers).set({ sshHost: null, sshUser: null });
    }
  });

  it("does not reload an unchanged config, and never loads one that bird -p rejects", async () => {
    const configPath = join(workDir, "rs1.conf");
    const again = await deployRouteServer(test.db, "rs1", { configDir: workDir, env: { ...env(), RS_RTR_SERVER: "127.0.0.1:8282", RS_MAX_PREFIX_ACTION: "block" } });
    expect(again).toMatchObject({ ok: true, changed: false });
    expect(again.steps.map((s) => s.step)).not.toContain("configure");

    const running = readFileSync(configPath, "utf8");
    const target = { configPath, host: localConfigHost("bird"), endpoint: { controlSocket: rs.socket } };
    // Cut at a protocol boundary: BIRD would parse it and silently drop the last sessions.
    const truncated = running.slice(0, running.lastIndexOf("\nprotocol bgp ") + 1);
    expect(spawnSync("bird", ["-p", "-c", writeTemp("truncated.conf", truncated)]).status).toBe(0);
    const refusedTruncated = await rolloutConfig(truncated, target);
    expect(refusedTruncated).toMatchObject({ ok: false, changed: false });
    expect(refusedTruncated.steps.at(-1)).toMatchObject({ step: "write", ok: false, detail: expect.stringContaining("truncated") });
    const invalid = running.replace("protocol device {}", "protocol device { no such option; }");
    const refused = await rolloutConfig(invalid, target);
    expect(refused).toMatchObject({ ok: false, changed: false });
    expect(refused.steps.at(-1)).toMatchObject({ step: "check", ok: false, detail: expect.stringContaining("bird -p rejects it") });
    expect(existsSync(`${configPath}.new`)).toBe(false);
    expect(readFileSync(configPath, "utf8")).toBe(running);
    const established = (await rsClient.command("show protocols")).filter((l) => l.code === 1002 && /^\S+\s+BGP\s.*Established/.test(l.text));
    expect(established).toHaveLength(4);
    const [rsRow] = await test.db.select({ lastDeployedAt: routeServers.lastDeployedAt }).from(routeServers);
    expect(rsRow!.lastDeployedAt).not.toBeNull();
  });
});
