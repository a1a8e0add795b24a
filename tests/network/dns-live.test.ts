import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createMemberAtPop } from "../helpers/dns";
import { dig, startKnot, type KnotServer } from "../helpers/knot";

let test: TestDatabase;
let dir: string;
let knot: KnotServer | undefined;
const render = () => runCli(["dns", "render", "--out", dir], { DATABASE_URL: test.url, RDNS_DOMAIN: "ix.example.net", RDNS_NAME_TEMPLATE: "as{asn}.{pop}.{domain}" });

beforeAll(async () => {
  test = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), "ixpt-dns-live-"));
});
afterAll(async () => {
  await knot?.stop();
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
