import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ips } from "@/server/db/schema";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createMemberAtPop } from "../helpers/dns";
import { dig, startKnot, type KnotServer } from "../helpers/knot";

let test: TestDatabase;
let dir: string;
let knot: KnotServer | undefined;
let updatable: KnotServer | undefined;
const rdns = () => ({ DATABASE_URL: test.url, RDNS_DOMAIN: "ix.example.net", RDNS_NAME_TEMPLATE: "as{asn}.{pop}.{domain}" });
const render = (out = dir) => runCli(["dns", "render", "--out", out], rdns());

beforeAll(async () => {
  test = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), "ixpt-dns-live-"));
});
afterAll(async () => {
  await knot?.stop();
  await updatable?.stop();
  await test?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe("reverse DNS served by Knot", () => {
  it("resolves the members' PTRs from the rendered zones, and a change after a render and reload", async () => {
    const alpha = await createMemberAtPop(test.db, "Alpha", ["198.18.0.10", "2001:2:0:1::10"]);
    expect(render().stderr).toBe("");
    const zones = readdirSync(dir).filter((file) => file.endsWith(".zone")).map((file) => file.replace(/\.zone$/, ""));
    expect(zones).toHaveLength(5);
    knot = await startKnot(dir, zones);

    expect(dig(knot.port, "-x", "198.18.0.10")).toBe(`as${alpha.asn}.tst.ix.example.net.`);
    expect(dig(knot.port, "-x", "2001:2:0:1::10")).toBe(`as${alpha.asn}.tst.ix.example.net.`);
    expect(dig(knot.port, "-x", "198.18.1.20")).toBe("");
    const serialBefore = Number(dig(knot.port, "SOA", "1.18.198.in-addr.arpa").split(" ")[2]);

    const beta = await createMemberAtPop(test.db, "Beta", ["198.18.1.20"]);
    expect(render().stdout).toContain("1 of 5 zone files written");
    knot.reload();
    await expect.poll(() => dig(knot!.port, "-x", "198.18.1.20"), { timeout: 5000 }).toBe(`as${beta.asn}.tst.ix.example.net.`);
    expect(Number(dig(knot.port, "SOA", "1.18.198.in-addr.arpa").split(" ")[2])).toBe(serialBefore + 1);
    expect(dig(knot.port, "SOA", "0.18.198.in-addr.arpa").split(" ")[2]).toBe(String(serialBefore));
  });
});

describe("reverse DNS pushed with RFC 2136 dynamic updates and TSIG", () => {
  it("adds new PTRs and removes stale ones on Knot with nsupdate, and refuses to push with a wrong key", async () => {
    const zoneDir = path.join(dir, "pushed");
    mkdirSync(zoneDir);
    expect(render(zoneDir).stderr).toBe("");
    const tsig = { name: "ixp-update", secret: randomBytes(32).toString("base64") };
    const zones = readdirSync(zoneDir).filter((file) => file.endsWith(".zone")).map((file) => file.replace(/\.zone$/, ""));
    updatable = await startKnot(zoneDir, zones, tsig);
    const push = (key = `hmac-sha256:${tsig.name}:${tsig.secret}`) =>
      runCli(["dns", "push"], { ...rdns(), RDNS_UPDATE_SERVER: `127.0.0.1:${updatable!.port}`, RDNS_TSIG_KEY: key });

    expect(push().stdout).toContain("1.18.198.in-addr.arpa: up to date");
    const gamma = await createMemberAtPop(test.db, "Gamma", ["198.18.2.30"]);
    await test.db.update(ips).set({ state: "decommissioned" }).where(eq(ips.address, "198.18.1.20"));
    const serialBefore = Number(dig(updatable.port, "SOA", "2.18.198.in-addr.arpa").split(" ")[2]);

    const pushed = push();
    expect(pushed.stderr).toBe("");
    expect(pushed.stdout).toContain("2.18.198.in-addr.arpa: added 1, removed 0 PTR records");
    expect(pushed.stdout).toContain("1.18.198.in-addr.arpa: added 0, removed 1 PTR records");
    expect(dig(updatable.port, "-x", "198.18.2.30")).toBe(`as${gamma.asn}.tst.ix.example.net.`);
    expect(dig(updatable.port, "-x", "198.18.1.20")).toBe("");
    expect(Number(dig(updatable.port, "SOA", "2.18.198.in-addr.arpa").split(" ")[2])).toBeGreaterThan(serialBefore);
    // A second push finds every zone in place: one "up to date" line per zone, nothing sent.
    const again = push();
    expect(again.stdout.trim().split("\n").sort()).toEqual(zones.map((zone) => `${zone}: up to date`).sort());

    const wrongKey = push(`hmac-sha256:${tsig.name}:${randomBytes(32).toString("base64")}`);
    expect(wrongKey.status).not.toBe(0);
    expect(wrongKey.stderr).toContain(`refused the zone transfer of`);
    expect(runCli(["dns", "push"], { ...rdns(), RDNS_UPDATE_SERVER: "127.0.0.1:53" }).stderr).toContain("RDNS_TSIG_KEY is not");
  });
});
