import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { emailOutbox, ipRouteServerSessions, ips, meshLinkProbes, routeServers, users } from "@/server/db/schema";
import { DomainError } from "@/server/errors";
import { loadMeshMatrix, meshLinkStates } from "@/server/matrix/mesh-matrix";
import { recordMeshReport } from "@/server/matrix/mesh-store";
import { createMetricsExporter } from "@/server/metrics/exporter";
import { loadMemberMatrix } from "@/server/matrix/member-matrix";
import { meshReportSchema } from "@/shared/validation/matrix";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { addLan, addMember, addPop, addRouteServer } from "../helpers/tunnel-fixtures";

/** The connectivity matrix against a real database: mesh reports, alerts, the member matrix and the CLI. */

let test: TestDatabase;
let alpha: number;
const T0 = new Date("2026-11-29T12:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const report = (pop: string, peer: string, sent: number, received: number, seconds: number) =>
  recordMeshReport(test.db, meshReportSchema.parse({ pop, links: [{ peer, sent, received, rttAvgMs: received ? 0.4 : null }] }), at(seconds));

async function cell(from: string, to: string, now: Date) {
  const matrix = await loadMeshMatrix(test.db, now);
  return matrix.rows[matrix.pops.findIndex((p) => p.code === from)]![matrix.pops.findIndex((p) => p.code === to)]!;
}

beforeAll(async () => {
  test = await createTestDatabase();
  const lanId = await addLan(test.db);
  const a = await addPop(test.db, { code: "TA", endpointIpv4: "10.0.0.1", types: { vxlan: { udpPort: 4789 } } });
  const b = await addPop(test.db, { code: "TB", endpointIpv4: "10.0.0.2", types: { vxlan: { udpPort: 4789 } } });
  const c = await addPop(test.db, { code: "TC", endpointIpv4: "10.0.0.3", mode: "satellite", uplinkLocationId: a, meshVni: 9100, types: { vxlan: { udpPort: 4789 } } });
  alpha = (await addMember(test.db, { name: "Alpha", asn: 64601, locationId: a, lanId, type: "vxlan", tunnelId: 100, remoteEndpoint: "192.0.2.1", addresses: [{ address: "198.18.0.40", family: 4 }] })).clientId;
  await addMember(test.db, { name: "Bravo", asn: 64602, locationId: b, lanId, type: "vxlan", tunnelId: 100, remoteEndpoint: "192.0.2.2", addresses: [{ address: "198.18.0.41", family: 4 }] });
  await addMember(test.db, { name: "Charlie", asn: 64603, locationId: c, lanId, type: "vxlan", tunnelId: 101, remoteEndpoint: "192.0.2.3", addresses: [{ address: "198.18.0.42", family: 4 }] });
  await test.db.update(ips).set({ pingable: true });
  await test.db.update(ips).set({ pingable: false, pingDownSince: T0 }).where(eq(ips.address, "198.18.0.42"));
  await addRouteServer(test.db, { name: "rs1", locationId: a, lanId, asn: 64500, ipv4Address: "198.18.0.1", ipv6Address: "2001:2:0:1::1" });
  const [rs] = await test.db.select({ id: routeServers.id }).from(routeServers);
  const [alphaIp] = await test.db.select({ id: ips.id }).from(ips).where(eq(ips.address, "198.18.0.40"));
  await test.db.insert(ipRouteServerSessions).values({ ipId: alphaIp!.id, routeServerId: rs!.id, state: "up", bgpState: "Established", since: T0, checkedAt: T0 });
  await test.db.insert(users).values([
    { id: "vol-1", email: "noc@ix.example", role: "volunteer" },
    { id: "adm-1", email: "admin@ix.example", role: "admin" },
    { id: "mem-1", email: "member@example.net", role: "member" },
  ]);
});

afterAll(async () => {
  await test?.drop();
});

beforeEach(async () => {
  await test.db.delete(meshLinkProbes);
  await test.db.delete(emailOutbox);
});

describe("mesh link reports", () => {
  it("a link is down only after PING_DOWN_AFTER_LOSSES probes lost in a row, and up again at the first answer", async () => {
    expect((await cell("TA", "TB", at(0))).health).toBe("no-data");
    await report("TA", "TB", 2, 0, 0);
    expect((await cell("TA", "TB", at(0))).health).toBe("no-data");
    await report("TA", "TB", 1, 0, 1);
    expect(await cell("TA", "TB", at(1))).toMatchObject({ health: "down", loss: 1, since: at(1) });
    await report("TA", "TB", 2, 1, 3);
    expect(await cell("TA", "TB", at(3))).toMatchObject({ health: "lossy", loss: 0.5, rttAvgMs: 0.4, since: at(3) });
    await report("TA", "TB", 2, 2, 5);
    expect(await cell("TA", "TB", at(5))).toMatchObject({ health: "up", loss: 0, since: at(3) });
  });

  it("one alert per broken pair to the volunteers and admins (not members), one when it is back, none twice", async () => {
    await report("TA", "TB", 2, 2, 0);
    await report("TB", "TA", 2, 2, 0);
    await report("TA", "TB", 3, 0, 2);
    await report("TB", "TA", 3, 0, 2);
    await report("TA", "TB", 3, 0, 4);
    let mail = await test.db.select().from(emailOutbox);
    expect(mail.map((m) => [m.toAddress, m.subject]).sort()).toEqual([
      ["admin@ix.example", "[Demo Internet Exchange] Mesh link TA - TB is down"],
      ["noc@ix.example", "[Demo Internet Exchange] Mesh link TA - TB is down"],
    ]);
    expect(mail[0]!.textBody).toContain("/admin/matrix");
    await report("TB", "TA", 2, 2, 6);
    expect(await test.db.select().from(emailOutbox)).toHaveLength(2);
    await report("TA", "TB", 2, 2, 6);
    mail = await test.db.select().from(emailOutbox);
    expect(mail.filter((m) => m.subject.endsWith("is back up")).map((m) => m.toAddress).sort()).toEqual(["admin@ix.example", "noc@ix.example"]);
  });

  it("a report naming an unknown POP is refused with the code and stores nothing; bad counts never pass the schema", async () => {
    await expect(recordMeshReport(test.db, meshReportSchema.parse({ pop: "TA", links: [{ peer: "TB", sent: 1, received: 1 }, { peer: "NOPE", sent: 1, received: 0 }] }))).rejects.toThrow(
      new DomainError("unknown POP code(s): NOPE"),
    );
    expect(await test.db.select().from(meshLinkProbes)).toEqual([]);
    const bad = meshReportSchema.safeParse({ pop: "TA", links: [{ peer: "TB", sent: 1, received: 2 }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["links", 0, "received"], message: "received must not exceed sent" });
    expect(meshReportSchema.safeParse({ pop: "TA", links: [{ peer: "TA", sent: 1, received: 1 }] }).error?.issues[0]).toMatchObject({ path: ["links"], message: "a POP does not probe itself" });
  });

  it("a tunnel server that stops reporting turns its cells grey after 30 s; the metrics view (and /metrics) lists every mesh link", async () => {
    await report("TA", "TB", 2, 2, 0);
    expect((await cell("TA", "TB", at(30))).health).toBe("up");
    expect(await cell("TA", "TB", at(31))).toMatchObject({ health: "no-data", since: at(0) });
    const states = await meshLinkStates(test.db, at(10));
    // TA-TB full mesh both ways, TA-TC satellite both ways; TB-TC has no direct link.
    expect(states.map((s) => `${s.from}>${s.to}:${s.health}`).sort()).toEqual(["TA>TB:up", "TA>TC:no-data", "TB>TA:no-data", "TC>TA:no-data"]);
    const exporter = createMetricsExporter();
    await exporter.refresh(test.db, at(10));
    const up = (await exporter.registry.getMetricsAsJSON()).find((m) => m.name === "ixp_mesh_link_up")!;
    expect(up.values.map((v) => `${v.labels.from}>${v.labels.to}=${v.value}`).sort()).toEqual(["TA>TB=1", "TA>TC=0", "TB>TA=0", "TC>TA=0"]);
  });
});

describe("member matrix", () => {
  async function allUp() {
    for (const [from, to] of [["TA", "TB"], ["TB", "TA"], ["TA", "TC"], ["TC", "TA"]] as const) await report(from, to, 2, 2, 0);
  }

  it("a member's row: reachable over the mesh path, unreachable with the reason, and its route-server sessions", async () => {
    await allUp();
    const row = await loadMemberMatrix(test.db, { clientId: alpha, now: at(3) });
    expect(row.members.map((m) => m.address)).toEqual(["198.18.0.40"]);
    expect(Object.values(row.members[0]!.sessions)).toEqual([{ state: "up", since: T0 }]);
    expect(row.pairs.map((p) => [p.to.address, p.reach])).toEqual([
      ["198.18.0.41", { ok: true, why: "over TA -> TB" }],
      ["198.18.0.42", { ok: false, why: "198.18.0.42 (AS64603) does not answer pings since 2026-11-29 12:00:00 UTC" }],
    ]);
  });

  it("a broken mesh link makes the members behind it unreachable, also through a satellite's hub", async () => {
    await allUp();
    await test.db.update(ips).set({ pingable: true }).where(eq(ips.address, "198.18.0.42"));
    await report("TB", "TA", 3, 0, 2);
    const all = await loadMemberMatrix(test.db, { pairs: 100, now: at(3) });
    const reach = (from: string, to: string) => all.pairs.find((p) => p.from.address === from && p.to.address === to)!.reach;
    expect(reach("198.18.0.41", "198.18.0.42")).toEqual({ ok: false, why: "mesh link TB -> TA is down since 2026-11-29 12:00:02 UTC" });
    expect(reach("198.18.0.42", "198.18.0.41")).toEqual({ ok: true, why: "over TC -> TA, TA -> TB" });
    expect(reach("198.18.0.40", "198.18.0.42")).toEqual({ ok: true, why: "over TA -> TC" });
    await test.db.update(ips).set({ pingable: false }).where(eq(ips.address, "198.18.0.42"));
  });

  it("volunteers see N random pairs of different members on the same family", async () => {
    const sample = await loadMemberMatrix(test.db, { pairs: 4 });
    expect(sample.pairs).toHaveLength(4);
    expect(new Set(sample.pairs.map((p) => `${p.from.ipId}-${p.to.ipId}`)).size).toBe(4);
    for (const pair of sample.pairs) expect(pair.from.clientId).not.toBe(pair.to.clientId);
    expect((await loadMemberMatrix(test.db, { pairs: 100 })).pairs).toHaveLength(6);
    expect(sample.members).toHaveLength(3);
  });
});

describe("ixp matrix show", () => {
  it("--pops prints one line per mesh link; --members --client prints the member's row", async () => {
    await report("TA", "TB", 3, 0, 0);
    const now = new Date();
    await recordMeshReport(test.db, meshReportSchema.parse({ pop: "TA", links: [{ peer: "TB", sent: 1, received: 0 }] }), now);
    const pops = runCli(["matrix", "show", "--pops"], { DATABASE_URL: test.url });
    expect(pops.status, pops.stderr).toBe(0);
    expect(pops.stdout).toContain("TA -> TB  DOWN 100% loss since 2026-11-29 12:00:00 UTC");
    expect(pops.stdout).toContain("TB -> TA  no data yet");
    expect(pops.stdout).not.toContain("TB -> TC");

    const row = runCli(["matrix", "show", "--members", "--client", String(alpha)], { DATABASE_URL: test.url });
    expect(row.status, row.stderr).toBe(0);
    expect(row.stdout).toContain("AS64601 198.18.0.40 -> rs1  established since 2026-11-29 12:00:00 UTC");
    expect(row.stdout).toContain("AS64601 198.18.0.40 -> AS64602 198.18.0.41  UNREACHABLE: mesh link TA -> TB is down since 2026-11-29 12:00:00 UTC");
  });

  it("bad options get one clear line and exit 1", () => {
    for (const [args, message] of [
      [["--members", "--client", "abc"], "--client must be a member id (a positive whole number)"],
      [["--members", "--pairs", "-1"], "--pairs must be a whole number from 0 to 10000"],
      [["--pops", "--members"], "choose --pops or --members, not both"],
      [["--client", "1"], "--client and --pairs go with --members"],
      [["--members", "--client", "999"], "member 999 has no provisioned addresses on the LAN"],
    ] as const) {
      const result = runCli(["matrix", "show", ...args], { DATABASE_URL: test.url });
      expect(result.status, result.stdout).toBe(1);
      expect(result.stderr.trim()).toContain(message);
    }
  });
});
