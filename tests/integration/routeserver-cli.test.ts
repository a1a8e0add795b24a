import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asns, ips, irrPrefixSets, routeServers } from "@/server/db/schema";
import { refreshIrrPrefixSets } from "@/server/routeserver/irr";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { runCli } from "../helpers/cli";
import { startFakeIrrd } from "../helpers/fake-irrd";

let test: TestDatabase;
let dir: string;
let irrd: Awaited<ReturnType<typeof startFakeIrrd>>;
let asn: number;

beforeAll(async () => {
  test = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "ixp-rs-cli-"));
  expect(runCli(["db", "seed", "--demo", "--members", "30", "--seed", "3"], { DATABASE_URL: test.url }).status).toBe(0);
  asn = (await test.db.select({ asn: asns.asn }).from(asns).orderBy(asns.id))[0]!.asn;
  irrd = await startFakeIrrd({
    sets: { [`AS${asn}:AS-CUSTOMERS`]: [`AS${asn}`, "AS30011"] },
    routes4: { [`AS${asn}`]: ["23.1.0.0/16", "23.1.5.0/24"], AS30011: ["45.11.0.0/22"] },
    routes6: { [`AS${asn}`]: ["2a0b:1::/32"] },
  });
});
afterAll(async () => {
  await irrd?.close();
  rmSync(dir, { recursive: true, force: true });
  await test.drop();
});

const irrOptions = () => ({ server: irrd.address, sources: "", binary: "bgpq4", timeoutMs: 20_000 });

describe("route-server CLI and IRR refresh against a real database", () => {
  it("renders the demo route server into a config bird -p accepts, with one session per provisioned RS-client IP", async () => {
    const result = runCli(["render", "routeserver", "rs1", "--out", dir], { DATABASE_URL: test.url });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const config = readFileSync(join(dir, "rs1.conf"), "utf8");
    const expected = (
      await test.db.select({ id: ips.id }).from(ips).innerJoin(asns, eq(asns.id, ips.asnId)).where(and(eq(ips.provisioned, true), eq(asns.rsClient, true)))
    ).length;
    expect(expected).toBeGreaterThan(10);
    expect(config.match(/^protocol bgp /gm)).toHaveLength(expected);
    expect(result.stdout).toContain(`(${expected} sessions)`);
    const check = spawnSync("bird", ["-p", "-c", join(dir, "rs1.conf")], { encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  it("exports clients.yml and fails with one line for an unknown route server, bad route-server data or unreachable BIRD", async () => {
    const yaml = runCli(["render", "arouteserver-clients", "rs1"], { DATABASE_URL: test.url });
    expect(yaml.status).toBe(0);
    expect(yaml.stdout).toMatch(/^clients:\n {2}- asn: \d+\n/m);
    const unknown = runCli(["render", "routeserver", "nope", "--out", dir], { DATABASE_URL: test.url });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('ixp: no route server named "nope"\n');
    const deployDir = mkdtempSync(join(dir, "deploy-"));
    const deploy = runCli(["deploy", "routeserver", "rs1", "rs2"], { DATABASE_URL: test.url, RS_CONFIG_DIR: deployDir });
    expect(deploy.status).toBe(1);
    expect(deploy.stdout).toContain("FAIL configure");
    expect(deploy.stdout).not.toContain("rs2:");
    expect(deploy.stderr).toBe("ixp: deploy of rs1 failed at configure; later route servers were not touched\n");
    expect(readdirSync(deployDir)).toEqual([]);
    await test.db.update(routeServers).set({ routerId: "999.1.1.1" }).where(eq(routeServers.name, "rs2"));
    const broken = runCli(["render", "routeserver", "rs2", "--out", dir], { DATABASE_URL: test.url });
    expect(broken.stderr).toBe('ixp: "999.1.1.1" is not an IP address\n');
    const brokenDeploy = runCli(["deploy", "routeserver", "rs2"], { DATABASE_URL: test.url, RS_CONFIG_DIR: deployDir });
    expect(brokenDeploy.stdout).toContain('FAIL render: "999.1.1.1" is not an IP address');
    expect(readdirSync(deployDir)).toEqual([]);
    const nowhere = runCli(["deploy", "routeserver", "rs1"], { DATABASE_URL: test.url, RS_CONFIG_DIR: join(dir, "missing") });
    expect(nowhere.stdout).toMatch(/FAIL write: cannot write .*missing\/rs1\.conf\.new/);
    expect(nowhere.stderr).toBe("ixp: deploy of rs1 failed at write; later route servers were not touched\n");
  });

  it("stores bgpq4 prefix lists and origin ASNs, and keeps them when the IRR server is unreachable", async () => {
    const now = new Date("2026-01-02T03:04:05.000Z");
    const [member] = await test.db.select({ id: asns.id }).from(asns).where(eq(asns.asn, asn));
    await test.db.update(asns).set({ asSet: `AS${asn}:AS-CUSTOMERS`, rsClient: true }).where(eq(asns.id, member!.id));
    await test.db.update(ips).set({ provisioned: true }).where(eq(ips.asnId, member!.id));
    await test.db.update(routeServers).set({ configChangedAt: null });

    const fetched = await refreshIrrPrefixSets(test.db, irrOptions(), now, asn);
    expect(fetched).toEqual({ refreshed: 1, unchanged: 0, failed: [] });
    const rows = await test.db.select().from(irrPrefixSets).where(eq(irrPrefixSets.asnId, member!.id));
    const v4 = rows.find((r) => r.family === 4)!;
    expect(JSON.parse(v4.prefixes).map((e: { prefix: string }) => e.prefix).sort()).toEqual(["23.1.0.0/16", "23.1.5.0/24", "45.11.0.0/22"]);
    expect(JSON.parse(rows.find((r) => r.family === 6)!.prefixes)).toEqual([{ prefix: "2a0b:1::/32" }]);
    expect(v4.originAsns).toEqual([asn, 30011].sort((a, b) => a - b));
    expect(v4.fetchedAt.getTime()).toBe(now.getTime());
    expect((await test.db.select({ at: routeServers.configChangedAt }).from(routeServers))[0]!.at!.getTime()).toBe(now.getTime());

    expect(await refreshIrrPrefixSets(test.db, irrOptions(), now, asn)).toEqual({ refreshed: 0, unchanged: 1, failed: [] });

    const down = await refreshIrrPrefixSets(test.db, { ...irrOptions(), server: "127.0.0.1:1" }, new Date(), asn);
    expect(down.failed).toEqual([{ asn, error: expect.stringMatching(/bgpq4/) }]);
    const kept = await test.db.select().from(irrPrefixSets).where(eq(irrPrefixSets.asnId, member!.id));
    expect(kept.find((r) => r.family === 4)!.prefixes).toBe(v4.prefixes);
    expect(kept.find((r) => r.family === 4)!.fetchedAt.getTime()).toBe(now.getTime());
    expect(kept.every((r) => r.lastError?.includes("bgpq4"))).toBe(true);

    const render = runCli(["render", "routeserver", "rs1", "--out", dir], { DATABASE_URL: test.url });
    expect(render.status).toBe(0);
    expect(readFileSync(join(dir, "rs1.conf"), "utf8")).toMatch(new RegExp(`ixp_import\\(${asn}, \\[ [^\\]]+ \\], \\[ ${asn}, 30011 \\], \\[ [^\\]]*23\\.1\\.0\\.0/16\\{16,(24|32)\\}`));
  });
});
