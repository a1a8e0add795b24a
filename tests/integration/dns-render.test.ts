import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dnsZones } from "@/server/db/schema";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createMemberAtPop } from "../helpers/dns";

let test: TestDatabase;
let dir: string;
const rdns = () => ({ DATABASE_URL: test.url, RDNS_DOMAIN: "ix.example.net" });
const today = Number(new Date().toISOString().slice(0, 10).replace(/-/g, "")) * 100;
const serials = async () => Object.fromEntries((await test.db.select().from(dnsZones)).map((zone) => [zone.name, zone.serial]));

beforeAll(async () => {
  test = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), "ixpt-dns-"));
});
afterAll(async () => {
  await test?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe("ixp dns render", () => {
  it("says how to turn reverse DNS on when RDNS_DOMAIN is unset, and writes nothing", () => {
    const result = runCli(["dns", "render", "--out", dir], { DATABASE_URL: test.url });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Reverse DNS is off: set RDNS_DOMAIN");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("writes one checked zone per /24 of the LAN's /22 and one for its IPv6 /64, with the members' PTR names", async () => {
    const member = await createMemberAtPop(test.db, "Alpha", ["198.18.0.10", "2001:2:0:1::10"]);
    const result = runCli(["dns", "render", "--out", dir], rdns());
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("5 of 5 zone files written");
    const v4 = readFileSync(path.join(dir, "0.18.198.in-addr.arpa.zone"), "utf8");
    expect(v4).toContain(`10 IN PTR as${member.asn}.tst.ix.example.net.`);
    expect(v4).toContain(`@ IN SOA ns1.ix.example.net. hostmaster.ix.example.net. ( ${today} `);
    const v6 = readFileSync(path.join(dir, "1.0.0.0.0.0.0.0.2.0.0.0.1.0.0.2.ip6.arpa.zone"), "utf8");
    expect(v6).toContain(`0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0 IN PTR as${member.asn}.tst.ix.example.net.`);
    expect(Object.values(await serials())).toEqual([today, today, today, today, today]);
  });

  it("keeps every serial when nothing changed, and moves only the changed zone's serial", async () => {
    const again = runCli(["dns", "render", "--out", dir], rdns());
    expect(again.stdout).toContain("0 of 5 zone files written");
    expect(again.stdout).toContain(`0.18.198.in-addr.arpa: serial ${today}, 1 PTR records, unchanged`);

    const beta = await createMemberAtPop(test.db, "Beta", ["198.18.1.20"]);
    const changed = runCli(["dns", "render", "--out", dir], rdns());
    expect(changed.stdout).toContain(`1.18.198.in-addr.arpa: serial ${today + 1}, 1 PTR records, changed`);
    expect(changed.stdout).toContain("1 of 5 zone files written");
    expect(readFileSync(path.join(dir, "1.18.198.in-addr.arpa.zone"), "utf8")).toContain(`20 IN PTR as${beta.asn}.tst.ix.example.net.`);
    expect(await serials()).toMatchObject({ "0.18.198.in-addr.arpa": today, "1.18.198.in-addr.arpa": today + 1 });
  });

  it("changes nothing on a dry run or with a bad template", async () => {
    await createMemberAtPop(test.db, "Gamma", ["198.18.2.30"]);
    const before = await serials();
    const dry = runCli(["dns", "render", "--out", dir, "--dry-run"], rdns());
    expect(dry.stdout).toContain(`2.18.198.in-addr.arpa: serial ${today + 1}, 1 PTR records, would change`);
    const bad = runCli(["dns", "render", "--out", dir], { ...rdns(), RDNS_NAME_TEMPLATE: "as{asn}.{town}.{domain}" });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("RDNS_NAME_TEMPLATE: must be a name such as as{asn}.{pop}.{domain}");
    expect(await serials()).toEqual(before);
    expect(readFileSync(path.join(dir, "2.18.198.in-addr.arpa.zone"), "utf8")).not.toContain("30 IN PTR");
  });

  it("the dns-render job writes the zones to RDNS_ZONE_DIR", async () => {
    const zoneDir = path.join(dir, "job");
    const result = runCli(["job", "run", "dns-render"], { ...rdns(), RDNS_ZONE_DIR: zoneDir });
    expect(result.stderr).toBe("");
    expect(existsSync(path.join(zoneDir, "2.18.198.in-addr.arpa.zone"))).toBe(true);
    expect(readFileSync(path.join(zoneDir, "2.18.198.in-addr.arpa.zone"), "utf8")).toContain("30 IN PTR");
    expect((await serials())["2.18.198.in-addr.arpa"]).toBe(today + 1);
  });
});
