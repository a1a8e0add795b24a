import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { asns, clients, ips, peeringLans } from "@/server/db/schema";
import { seedDemo } from "@/server/seed/demo";
import { createDb, createPool } from "@/server/db/client";
import { IxfCheckError, checkIxfDocument } from "@/server/ixf/checks";
import type { IxfDocument } from "@/server/ixf/document";
import { exportIxf } from "@/server/ixf/service";
import { readExportState } from "@/server/ixf/store";
import { IXF_RECHECK_MS, ixfPreflightResponse, ixfResponse } from "@/server/ixf/http";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { runCli } from "../helpers/cli";
import { expectIxfResponseHeaders, ixfSchemaValidator } from "../helpers/ixf-schema";

// A configured IX: its IX-F database id, contacts and a per-tunnel-type speed (read when the export is built).
Object.assign(process.env, {
  IXF_ID: "901",
  IX_SUPPORT_PHONE: "+31 20 555 0100",
  IX_SUPPORT_HOURS: "24/7",
  IX_EMERGENCY_EMAIL: "emergency@ix.example.net",
  IXF_IF_SPEED_MBPS: "openvpn=200",
});

let test: TestDatabase;
let dir: string;
let path: string;

beforeAll(async () => {
  test = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "ixf-"));
  path = join(dir, "nested", "ixf.json");
  await seedDemo(test.db, { members: 30, seed: 3 });
});
afterAll(async () => {
  await test.drop();
  await rm(dir, { recursive: true, force: true });
});

const serve = (headers: Record<string, string> = {}, url = "http://ix.test/ixf.json") => ixfResponse(new Request(url, { headers }), path, () => test.db);
const readDocument = async (file = path) => JSON.parse(await readFile(file, "utf8")) as IxfDocument;
const exportedAddresses = (document: IxfDocument) =>
  document.member_list.flatMap((m) => m.connection_list.flatMap((c) => (c.vlan_list ?? []).flatMap((v) => [v.ipv4?.address, v.ipv6?.address]))).filter(Boolean);

describe("IX-F export of the demo IX", () => {
  it("writes an export that passes the semantic checks and shows exactly the provisioned addresses", async () => {
    const result = await exportIxf(test.db, new Date("2026-05-01T10:00:00Z"), path);
    expect(result.outcome).toBe("written");
    const document = await readDocument();
    expect(checkIxfDocument(document)).toEqual([]);
    expect(document.timestamp).toBe("2026-05-01T10:00:00Z");
    const provisioned = await test.db.select({ address: ips.address }).from(ips).where(eq(ips.provisioned, true));
    expect(exportedAddresses(document).sort()).toEqual(provisioned.map((r) => r.address).sort());
    expect(result.addresses).toBe(provisioned.length);
    const [notProvisioned] = await test.db.select({ n: count() }).from(ips).where(eq(ips.provisioned, false));
    expect(notProvisioned!.n).toBeGreaterThan(0);
  });

  it("validates against the official IX-F 1.0 schema", async () => {
    const validate = ixfSchemaValidator();
    expect(validate(await readDocument()), JSON.stringify(validate.errors)).toBe(true);
  });

  it("exports the configured IX-F id and IX contacts, and each connection's speed by its tunnel type", async () => {
    const document = await readDocument();
    expect(document.ixp_list[0]).toMatchObject({
      ixf_id: 901,
      support_phone: "+31 20 555 0100",
      support_contact_hours: "24/7",
      emergency_email: "emergency@ix.example.net",
    });
    expect(document.ixp_list[0]).not.toHaveProperty("billing_email");
    const interfaces = document.member_list.flatMap((m) => m.connection_list.flatMap((c) => c.if_list ?? []));
    const speeds = new Map(interfaces.map((i) => [i.if_type, i.if_speed]));
    expect(speeds.get("openvpn")).toBe(200);
    expect(speeds.get("vxlan")).toBe(1000);
    expect(interfaces.every((i) => Number.isInteger(i.if_speed) && i.if_speed! > 0)).toBe(true);
  });

  it("never exports the contacts of a client who marked them private", async () => {
    const [member] = await test.db
      .select({ clientId: clients.id, email: clients.contactEmail, asn: asns.asn })
      .from(clients)
      .innerJoin(asns, eq(asns.clientId, clients.id))
      .innerJoin(ips, and(eq(ips.asnId, asns.id), eq(ips.provisioned, true)))
      .limit(1);
    await test.db.update(clients).set({ contactPrivate: false, nocEmail: "noc-desk@private.example" }).where(eq(clients.id, member!.clientId));
    await exportIxf(test.db, new Date(), path);
    const before = (await readDocument()).member_list.find((m) => m.asnum === member!.asn)!;
    expect(before.contact_email).toEqual([member!.email, "noc-desk@private.example"]);

    await test.db.update(clients).set({ contactPrivate: true }).where(eq(clients.id, member!.clientId));
    await exportIxf(test.db, new Date(), path);
    const text = await readFile(path, "utf8");
    expect(text).not.toContain(member!.email);
    expect(text).not.toContain("noc-desk@private.example");
    expect((await readDocument()).member_list.find((m) => m.asnum === member!.asn)).toBeDefined();
  });

  it("keeps the file, its ETag and Last-Modified when only the timestamp would change", async () => {
    const before = await readFile(path, "utf8");
    const result = await exportIxf(test.db, new Date(Date.now() + 60_000), path);
    expect(result.outcome).toBe("unchanged");
    expect(await readFile(path, "utf8")).toBe(before);
  });

  it("serves the stored export with validators, caching and CORS, and answers conditional requests with 304", async () => {
    const response = await serve();
    const { etag, lastModified } = expectIxfResponseHeaders(response);
    expect(await response.text()).toBe(await readFile(path, "utf8"));

    const byEtag = await serve({ "If-None-Match": `"other", ${etag}` });
    expect(byEtag.status).toBe(304);
    expect(byEtag.headers.get("etag")).toBe(etag);
    expect(await byEtag.text()).toBe("");
    const byDate = await serve({ "If-Modified-Since": lastModified });
    expect(byDate.status).toBe(304);
    const olderDate = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await serve({ "If-Modified-Since": olderDate })).status).toBe(200);
    expect((await serve({ "If-None-Match": '"stale"', "If-Modified-Since": lastModified })).status).toBe(200);

    const preflight = ixfPreflightResponse();
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("If-None-Match");
  });

  it("fails loudly on a broken row and keeps serving the last good export", async () => {
    const good = await readFile(path, "utf8");
    const [lan] = await test.db.select().from(peeringLans);
    const [asn] = await test.db.select({ id: asns.id, asn: asns.asn }).from(asns).limit(1);
    await test.db.insert(ips).values({ lanId: lan!.id, family: 4, address: "203.0.113.9", asnId: asn!.id, provisioned: true, state: "production" });

    const failure = await exportIxf(test.db, new Date(), path).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IxfCheckError);
    expect((failure as Error).message).toContain(`(AS${asn!.asn})`);
    expect((failure as Error).message).toContain(`203.0.113.9 is outside vlan ${lan!.ixfVlanId}'s prefix ${lan!.ipv4Prefix}`);
    expect(await readFile(path, "utf8")).toBe(good);
    const state = await readExportState(path);
    expect(state.lastError).toContain("203.0.113.9");

    // When the stored export is stale, the handler tries to regenerate, fails, and serves the last good one.
    const old = "2000-01-01T00:00:00.000Z";
    await writeFile(`${path}.state.json`, JSON.stringify({ ...state, lastSuccessAt: old, lastFailureAt: old }));
    await new Promise((resolve) => setTimeout(resolve, IXF_RECHECK_MS)); // the handler looks at the disk again
    const served = await serve({}, "http://ix.test/api/ixf");
    expect(served.status).toBe(200);
    expect(await served.text()).toBe(good);
    expect((await readExportState(path)).lastFailureAt).not.toBe(old);

    const cli = runCli(["export", "ixf", "--out", join(dir, "cli.json")], { DATABASE_URL: test.url });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/^ixp: the IX-F export fails 1 semantic check\(s\): member_list\[\d+\] \(AS\d+\) .*203\.0\.113\.9 is outside vlan/);
    expect(cli.stderr.trim().split("\n")).toHaveLength(1);

    await test.db.delete(ips).where(eq(ips.address, "203.0.113.9"));
  });

  it("never serves an export generated from another database: it regenerates its own instead", async () => {
    const other = await createTestDatabase();
    try {
      await seedDemo(other.db, { members: 5, seed: 11 });
      const ownAddresses = exportedAddresses(await readDocument());
      // The other instance writes its export to the same path; the file is fresh, so only its origin can tell.
      await exportIxf(other.db, new Date(), path);
      const foreign = exportedAddresses(await readDocument());
      expect(foreign.sort()).not.toEqual([...ownAddresses].sort());

      await new Promise((resolve) => setTimeout(resolve, IXF_RECHECK_MS));
      const served = (await (await serve()).json()) as IxfDocument;
      expect(exportedAddresses(served).sort()).toEqual([...ownAddresses].sort());
      expect((await readExportState(path)).source).toMatch(new RegExp(`^database ${test.name} on .+:\\d+, ixp_id \\d+$`));
    } finally {
      await other.drop();
    }
  });

  it("answers 503 problem JSON while no export exists and none can be made", async () => {
    const unreachable = createPool("mysql://root@127.0.0.1:9/nothing", 1);
    try {
      const response = await ixfResponse(new Request("http://ix.test/ixf.json"), join(dir, "never", "ixf.json"), () => createDb(unreachable));
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(await response.json()).toMatchObject({ status: 503, title: "IX-F export unavailable" });
    } finally {
      await unreachable.end();
    }
  });

  it("exports from the command line to a file or standard output", async () => {
    const out = join(dir, "cli.json");
    const written = runCli(["export", "ixf", "--out", out], { DATABASE_URL: test.url });
    expect(written.stderr).toBe("");
    expect(written.stdout).toMatch(/^wrote .*cli\.json: \d+ member ASNs\n$/);
    const fromFile = await readDocument(out);
    expect(checkIxfDocument(fromFile)).toEqual([]);
    const printed = runCli(["export", "ixf"], { DATABASE_URL: test.url });
    expect(printed.status).toBe(0);
    expect((JSON.parse(printed.stdout) as IxfDocument).member_list.length).toBe(fromFile.member_list.length);
  });
});
