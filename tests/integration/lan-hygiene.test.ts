import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, lanFindings, locations } from "@/server/db/schema";
import { countOpenFindingsByKind, listLanFindings } from "@/server/lan-hygiene/queries";
import { recordLanReport } from "@/server/lan-hygiene/report";
import { createMetricsExporter } from "@/server/metrics/exporter";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { addLanHygienePop, LAN_MEMBERS, type LanMemberName } from "../helpers/lan-hygiene";

let test: TestDatabase;
let members: Awaited<ReturnType<typeof addLanHygienePop>>["members"];
const { alpha, bravo, charlie } = LAN_MEMBERS;
const STRANGER_MAC = "02:00:00:00:ee:01";

beforeAll(async () => {
  test = await createTestDatabase();
  members = (await addLanHygienePop(test.db)).members;
});
afterAll(async () => {
  await test?.drop();
});

const lanEmails = () => test.db.select({ to: emailOutbox.toAddress, subject: emailOutbox.subject, text: emailOutbox.textBody }).from(emailOutbox).where(like(emailOutbox.dedupeKey, "lan-finding:%"));
const open = async () => (await listLanFindings(test.db, { pop: "LH" })).map((f) => ({ kind: f.kind, port: f.port, mac: f.mac, ip: f.ip, member: f.member })).sort((a, b) => `${a.kind}${a.mac}${a.ip}`.localeCompare(`${b.kind}${b.mac}${b.ip}`));
const who = (name: LanMemberName) => name[0]!.toUpperCase() + name.slice(1);

describe("LAN hygiene reports", () => {
  it("a clean LAN (registered MACs on their ports, own addresses, link-local ND) has no findings", async () => {
    const result = await recordLanReport(test.db, {
      location: "LH",
      observations: [
        { port: alpha.port, mac: alpha.mac, ip: alpha.ip },
        { port: bravo.port, mac: bravo.mac, ip: bravo.ip },
        { port: bravo.port, mac: bravo.mac, ip: "fe80::ff:fe00:b01" },
        // The bridge's own MAC (no port) and a frame from the mesh are not judged here.
        { port: "", mac: "02:00:00:00:99:99", ip: "198.18.0.1" },
        { port: "ixpmesh", mac: "02:00:00:00:98:98", frame: "802.3 STP" },
      ],
    });
    expect(result).toEqual({ findings: 0, newFindings: 0 });
    expect(await open()).toEqual([]);
  });

  it("finds spoofed and unallocated addresses, unregistered MACs, stray protocols, duplicates and proxy-ARP, and emails each member once per finding", async () => {
    const report = {
      location: "LH",
      observations: [
        // Charlie answers for Alpha's address from a MAC that is not registered on its port.
        { port: charlie.port, mac: STRANGER_MAC, ip: alpha.ip },
        // Bravo picked an address out of thin air and runs spanning tree.
        { port: bravo.port, mac: bravo.mac, ip: "198.18.0.99" },
        { port: bravo.port, mac: bravo.mac, frame: "802.3 STP" },
      ],
    };
    expect((await recordLanReport(test.db, report)).newFindings).toBe(5);
    expect(await open()).toEqual([
      { kind: "duplicate_ip", port: charlie.port, mac: STRANGER_MAC, ip: alpha.ip, member: who("charlie") },
      { kind: "foreign_frame", port: bravo.port, mac: bravo.mac, ip: "", member: who("bravo") },
      { kind: "ip_wrong_mac", port: charlie.port, mac: STRANGER_MAC, ip: alpha.ip, member: who("charlie") },
      { kind: "unallocated_ip", port: bravo.port, mac: bravo.mac, ip: "198.18.0.99", member: who("bravo") },
      { kind: "unregistered_mac", port: charlie.port, mac: STRANGER_MAC, ip: "", member: who("charlie") },
    ]);
    const emails = await lanEmails();
    expect(emails).toHaveLength(5);
    expect(emails.map((e) => e.subject).sort()).toEqual([
      "[Demo Internet Exchange] Peering LAN: address never allocated at LH",
      "[Demo Internet Exchange] Peering LAN: address of another member at LH",
      "[Demo Internet Exchange] Peering LAN: duplicate address at LH",
      "[Demo Internet Exchange] Peering LAN: frames that do not belong on an IX at LH",
      "[Demo Internet Exchange] Peering LAN: unregistered MAC address at LH",
    ]);
    expect(emails.find((e) => e.subject.includes("another member"))!.text).toContain(`${alpha.ip} belongs to AS${alpha.asn}, but ${STRANGER_MAC} on ${charlie.port} answered for it`);

    // Seen again: the same findings, later last-seen, no new email.
    const later = new Date(Date.now() + 5_000);
    expect((await recordLanReport(test.db, report, later)).newFindings).toBe(0);
    expect(await lanEmails()).toHaveLength(5);
    const [spoof] = await test.db.select().from(lanFindings).where(eq(lanFindings.kind, "ip_wrong_mac"));
    expect(spoof!.lastSeenAt.getTime()).toBe(later.getTime());
    expect(spoof!.firstSeenAt.getTime()).toBeLessThan(later.getTime());
    expect(spoof!.connectionId).toBe(members.charlie.connectionId);
  });

  it("one MAC answering for many addresses is proxy-ARP", async () => {
    const observations = ["198.18.0.10", "198.18.0.11", "198.18.0.12"].map((ip) => ({ port: alpha.port, mac: alpha.mac, ip }));
    await recordLanReport(test.db, { location: "LH", observations });
    const proxy = (await listLanFindings(test.db, { pop: "LH" })).filter((f) => f.kind === "proxy_arp");
    expect(proxy).toHaveLength(1);
    expect(proxy[0]!).toMatchObject({ mac: alpha.mac, member: who("alpha") });
    expect(proxy[0]!.detail).toBe(`${alpha.mac} answers for 3 addresses: 198.18.0.10, 198.18.0.11, 198.18.0.12`);
  });

  it("countOpenFindingsByKind (and /metrics) counts open findings for every kind, resolved ones no longer", async () => {
    const before = await countOpenFindingsByKind(test.db);
    expect(before.unregistered_mac).toBe(1);
    expect(before.proxy_arp).toBe(1);
    expect(Object.keys(before).sort()).toEqual(["duplicate_ip", "foreign_frame", "ip_wrong_mac", "proxy_arp", "unallocated_ip", "unregistered_mac"]);
    const [unregistered] = await test.db.select({ id: lanFindings.id }).from(lanFindings).where(eq(lanFindings.kind, "unregistered_mac"));
    const resolved = runCli(["lan", "resolve", String(unregistered!.id)], { DATABASE_URL: test.url });
    expect(resolved.stderr).toBe("");
    expect(resolved.stdout).toBe(`finding #${unregistered!.id} resolved\n`);
    expect((await countOpenFindingsByKind(test.db)).unregistered_mac).toBe(0);

    // /metrics reads the same counts.
    const exporter = createMetricsExporter();
    await exporter.refresh(test.db, new Date());
    const open = (await exporter.registry.getMetricsAsJSON()).find((m) => m.name === "ixp_lan_findings_open")!;
    const byKind = Object.fromEntries(open.values.map((v) => [v.labels.kind, v.value]));
    expect(byKind).toMatchObject({ unregistered_mac: 0, proxy_arp: 1 });
    expect(Object.keys(byKind)).toHaveLength(6);
  });

  it("ixp lan findings lists open findings per POP; a report that is not valid is refused with a clear error and changes nothing", async () => {
    const listed = runCli(["lan", "findings", "--pop", "LH"], { DATABASE_URL: test.url });
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain("address of another member");
    expect(listed.stdout).toContain(`${alpha.ip} belongs to AS${alpha.asn}`);
    expect(listed.stdout).not.toContain("unregistered MAC address");
    expect(runCli(["lan", "findings", "--pop", "NOPE"], { DATABASE_URL: test.url }).stdout).toBe("no open findings\n");

    const count = (await test.db.select({ id: lanFindings.id }).from(lanFindings)).length;
    const file = path.join(mkdtempSync(path.join(tmpdir(), "ixp-lan-")), "reports.jsonl");
    writeFileSync(file, `${JSON.stringify({ location: "LH", observations: [{ port: "lhA", mac: "02:00:00:00:0a:01" }] })}\n{"location": "LH", "observations": [{"port": "lhA", "mac": "zz"}]}\n`);
    const bad = runCli(["lan", "report", "--file", file], { DATABASE_URL: test.url });
    expect(bad.stdout).toBe("LH: 1 observations, 0 findings, 0 new\n");
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("line 2: observations.0.mac: must be a MAC address");
    await expect(recordLanReport(test.db, { location: "XX", observations: [] })).rejects.toThrow("no POP has the code XX");
    await expect(recordLanReport(test.db, { location: "LH", observations: [{ port: "lhA", mac: "not-a-mac" }] })).rejects.toThrow("must be a MAC address");
    expect((await test.db.select({ id: lanFindings.id }).from(lanFindings)).length).toBe(count);
  });

  it("ixp lan enforce switches the POP's setting and refuses an unknown POP", async () => {
    const on = runCli(["lan", "enforce", "LH", "on"], { DATABASE_URL: test.url });
    expect(on.stderr).toBe("");
    const [pop] = await test.db.select({ enforce: locations.enforceRegisteredMacs, changed: locations.configChangedAt }).from(locations).where(eq(locations.code, "LH"));
    expect(pop).toMatchObject({ enforce: true });
    expect(pop!.changed).not.toBeNull();
    const unknown = runCli(["lan", "enforce", "XX", "on"], { DATABASE_URL: test.url });
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain("no POP has the code XX");
  });

  it("ixp agent watch refuses unclear options with a clear error before it starts watching", () => {
    for (const [args, message] of [
      [[], "give either --portal (with --token-file) or --print"],
      [["--portal", "https://portal.example"], "--portal needs --token-file"],
      [["--print", "--interval", "0"], "--interval must be between 0.5 and 3600 seconds"],
    ] as const) {
      const refused = runCli(["agent", "watch", "--state", "/nonexistent/desired-state.json", ...args]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toBe(`ixp: ${message}\n`);
    }
    const missing = runCli(["agent", "watch", "--state", "/nonexistent/desired-state.json", "--print"]);
    expect(missing.stderr).toContain("cannot read desired state /nonexistent/desired-state.json");
  });
});
