import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asns, ips, neverViaRouteServersAsns, routeServers } from "@/server/db/schema";
import { runCli, runCliAsync } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startFakePeeringDb } from "../helpers/fake-peeringdb";

/** `ixp routeserver irr-refresh` also refreshes what the route-server policy takes from PeeringDB. */

let test: TestDatabase;
let peeringDb: Awaited<ReturnType<typeof startFakePeeringDb>>;
let member: { id: number; asn: number };

beforeAll(async () => {
  test = await createTestDatabase();
  expect(runCli(["db", "seed", "--demo", "--members", "8", "--seed", "3"], { DATABASE_URL: test.url }).status).toBe(0);
  [member] = await test.db
    .selectDistinct({ id: asns.id, asn: asns.asn })
    .from(asns)
    .innerJoin(ips, eq(ips.asnId, asns.id))
    .where(and(eq(asns.rsClient, true), eq(ips.provisioned, true), eq(ips.family, 4)))
    .orderBy(asns.id)
    .limit(1) as [{ id: number; asn: number }];
  await test.db.update(asns).set({ maxPrefixV4: null }).where(eq(asns.id, member.id));
  await test.db.update(routeServers).set({ configChangedAt: null });
  peeringDb = await startFakePeeringDb([
    { asn: member.asn, info_prefixes4: 70, info_prefixes6: 4 },
    { asn: 30099, info_never_via_route_servers: true },
    { asn: 64999, info_never_via_route_servers: true },
  ]);
});
afterAll(async () => {
  await peeringDb?.close();
  await test?.drop();
});

const cliEnv = () => ({ DATABASE_URL: test.url, PEERINGDB_URL: peeringDb.url, RS_NEVER_VIA_ROUTE_SERVERS: "peeringdb", IRR_SERVER: undefined });

describe("PeeringDB data for the route servers", () => {
  it("stores prefix counts and the never-via list, marks the route servers changed, and the config uses both", async () => {
    const result = await runCliAsync(["routeserver", "irr-refresh"], cliEnv());
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("IRR: IRR_SERVER is not set, the stored prefix lists stay in use");
    expect(result.stdout).toContain("PeeringDB prefix counts: 1 networks found, 1 changed");
    expect(result.stdout).toContain("never via route servers: 2 ASNs (changed)");
    // One batched question for the counts, one for the flag.
    expect(peeringDb.requests.filter((url) => url.includes("asn__in="))).toHaveLength(1);
    const [stored] = await test.db.select({ v4: asns.peeringdbPrefixesV4, v6: asns.peeringdbPrefixesV6 }).from(asns).where(eq(asns.id, member.id));
    expect(stored).toEqual({ v4: 70, v6: 4 });
    expect((await test.db.select().from(neverViaRouteServersAsns)).map((r) => r.asn).sort()).toEqual([30099, 64999]);
    // Every route server renders the never-via list, so every one is marked for a new rollout.
    const allRouteServers = await test.db.select({ name: routeServers.name }).from(routeServers).orderBy(routeServers.name);
    expect(allRouteServers).not.toHaveLength(0);
    expect(await test.db.select({ name: routeServers.name }).from(routeServers).where(isNotNull(routeServers.configChangedAt)).orderBy(routeServers.name)).toEqual(allRouteServers);

    const dir = mkdtempSync(join(tmpdir(), "ixp-rs-pdb-"));
    try {
      expect(runCli(["render", "routeserver", "rs1", "--out", dir], cliEnv()).status).toBe(0);
      const config = readFileSync(join(dir, "rs1.conf"), "utf8");
      expect(config).toContain("define NEVER_VIA_ROUTE_SERVERS_ASNS = [ 30099, 64999 ];");
      const session = config.split("\nprotocol bgp ").find((block) => block.startsWith(`AS${member.asn}_4_`));
      expect(session).toContain("import limit 84 action restart;"); // 70 + 20 %
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps the stored data and says so when PeeringDB fails", async () => {
    peeringDb.failWith(503);
    try {
      const result = await runCliAsync(["routeserver", "irr-refresh"], cliEnv());
      expect(result.status).toBe(1);
      expect(result.stdout).toContain("never via route servers: failed, stored data kept: PeeringDB answered HTTP 503");
      expect(result.stderr).toContain("2 fetches failed; the stored data is kept");
      expect((await test.db.select().from(neverViaRouteServersAsns)).map((r) => r.asn).sort()).toEqual([30099, 64999]);
      const [stored] = await test.db.select({ v4: asns.peeringdbPrefixesV4 }).from(asns).where(eq(asns.id, member.id));
      expect(stored!.v4).toBe(70);
    } finally {
      peeringDb.failWith(null);
    }
  });

  it("refuses to run with nothing to fetch from", () => {
    const result = runCli(["routeserver", "irr-refresh"], { DATABASE_URL: test.url, PEERINGDB_URL: undefined, IRR_SERVER: undefined });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("neither IRR_SERVER (e.g. IRR_SERVER=rr.ntt.net) nor PEERINGDB_URL is set");
  });
});
