import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLanFindings } from "@/server/lan-hygiene/queries";
import { renderTunnels, writeRenderedFiles } from "@/server/tunnels/service";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { addLanHygienePop, LAN_MEMBERS } from "../helpers/lan-hygiene";
import { createNamespace, type Namespace } from "../helpers/netns";
import { pings } from "../helpers/underlay";

/**
 * One POP's IX bridge in a namespace with three members on veth ports (lhA, lhB, lhC), the real agent building it,
 * the real watcher (tcpdump + bridge FDB) piping its reports into `ixp lan report`:
 *   memA --lhA--+
 *   memB --lhB--+ br-ixp (pop)
 *   memC --lhC--+
 */

const BIN = fileURLToPath(new URL("../../bin/ixp.mjs", import.meta.url));
const { alpha, bravo, charlie } = LAN_MEMBERS;
const SPOOFED_MAC = "02:00:00:00:ee:01";
const UNALLOCATED = "198.18.0.99";

let database: TestDatabase;
let dir: string;
let pop: Namespace;
const members = {} as Record<"alpha" | "bravo" | "charlie", Namespace>;
const spaces: Namespace[] = [];
let watcher: ChildProcess | undefined;
let reporter: ChildProcess | undefined;

async function renderAndApply() {
  const out = path.join(dir, "LH");
  await writeRenderedFiles(out, await renderTunnels(database.db, "LH", path.join(dir, "secrets")));
  const result = spawnSync("ip", ["netns", "exec", pop.name, process.execPath, BIN, "agent", "apply", "--state", path.join(out, "desired-state.json")], { encoding: "utf8", timeout: 60_000 });
  expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  return result.stdout;
}

async function waitForFinding(kind: string, ip: string, mac: string, withinMs: number) {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    const found = (await listLanFindings(database.db, { pop: "LH" })).find((f) => f.kind === kind && f.ip === ip && f.mac === mac);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return null;
}

/** Sends a few pings from one address, so the member's ARP requests name it. */
const pingFrom = (ns: Namespace, source: string, target: string) => spawnSync("ip", ["netns", "exec", ns.name, "fping", "-q", "-c", "2", "-p", "200", "-t", "500", "-S", source, target]).status === 0;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "ixp-lan-"));
  await addLanHygienePop(database.db);
  pop = createNamespace("lanpop");
  spaces.push(pop);
  for (const [name, m] of Object.entries(LAN_MEMBERS) as [keyof typeof LAN_MEMBERS, (typeof LAN_MEMBERS)[keyof typeof LAN_MEMBERS]][]) {
    const ns = createNamespace(`lan${name.slice(0, 3)}`);
    spaces.push(ns);
    members[name] = ns;
    pop.exec("ip", ["link", "add", m.port, "type", "veth", "peer", "name", "eth0", "netns", ns.name]);
    ns.exec("ip", ["link", "set", "eth0", "address", m.mac]);
    ns.exec("ip", ["address", "add", `${m.ip}/22`, "dev", "eth0"]);
    ns.exec("ip", ["link", "set", "eth0", "up"]);
  }
  await renderAndApply();

  // The watcher runs on the tunnel server (the POP namespace); its reports go to the portal side through a pipe.
  reporter = spawn(process.execPath, [BIN, "lan", "report"], { env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: "silent" }, stdio: ["pipe", "ignore", "inherit"] });
  watcher = spawn("ip", ["netns", "exec", pop.name, process.execPath, BIN, "agent", "watch", "--state", path.join(dir, "LH", "desired-state.json"), "--print", "--interval", "1"], { stdio: ["ignore", "pipe", "pipe"] });
  watcher.stdout!.pipe(reporter.stdin!);
  await new Promise<void>((resolve, reject) => {
    let stderr = "";
    watcher!.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (stderr.includes("watching br-ixp")) resolve();
    });
    watcher!.once("exit", (code) => reject(new Error(`the watcher stopped (${code}): ${stderr}`)));
  });
}, 120_000);

afterAll(async () => {
  watcher?.kill("SIGTERM");
  reporter?.stdin?.end();
  await new Promise((resolve) => setTimeout(resolve, 500));
  reporter?.kill("SIGTERM");
  for (const ns of spaces) ns.remove();
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

describe("the LAN watcher on a real bridge", () => {
  it("members on their own addresses and registered MACs reach each other", () => {
    expect(pings(members.alpha, bravo.ip, 3, 10)).toBe(true);
    expect(pings(members.charlie, alpha.ip, 3, 10)).toBe(true);
  });

  it("detects a member using an unallocated address and one spoofing another member's address, each within 10 s", async () => {
    members.bravo.exec("ip", ["address", "add", `${UNALLOCATED}/22`, "dev", "eth0"]);
    // Charlie takes Alpha's address, from a MAC address it never registered.
    members.charlie.exec("ip", ["link", "set", "eth0", "address", SPOOFED_MAC]);
    members.charlie.exec("ip", ["address", "add", `${alpha.ip}/22`, "dev", "eth0"]);

    const started = Date.now();
    pingFrom(members.bravo, UNALLOCATED, alpha.ip);
    pingFrom(members.charlie, alpha.ip, bravo.ip);
    const unallocated = await waitForFinding("unallocated_ip", UNALLOCATED, bravo.mac, 10_000 - (Date.now() - started));
    const spoof = await waitForFinding("ip_wrong_mac", alpha.ip, SPOOFED_MAC, 10_000 - (Date.now() - started));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(unallocated).toMatchObject({ port: bravo.port, member: "Bravo" });
    expect(spoof).toMatchObject({ port: charlie.port, member: "Charlie", detail: `${alpha.ip} belongs to AS${alpha.asn}, but ${SPOOFED_MAC} on ${charlie.port} answered for it` });
    expect(await waitForFinding("unregistered_mac", "", SPOOFED_MAC, 5_000)).toMatchObject({ port: charlie.port });
  });

  it("with registered MACs enforced, the spoofing member's frames stop at its port and the others keep working", async () => {
    const enforced = runCli(["lan", "enforce", "LH", "on"], { DATABASE_URL: database.url });
    expect(enforced.stderr).toBe("");
    const applied = await renderAndApply();
    expect(applied).toContain(`MAC filter: only ${charlie.mac}`);
    expect(pop.exec("bridge", ["-d", "link", "show", "dev", charlie.port])).toMatch(/locked on/);

    for (const ns of Object.values(members)) ns.exec("ip", ["neigh", "flush", "all"]);
    members.charlie.exec("ip", ["address", "del", `${alpha.ip}/22`, "dev", "eth0"]);
    expect(pings(members.charlie, bravo.ip, 3)).toBe(false);
    expect(pings(members.alpha, bravo.ip, 3, 10)).toBe(true);
    expect(pings(members.bravo, alpha.ip, 3, 10)).toBe(true);

    // Back on its registered MAC, Charlie is welcome again: the port filters MACs, it is not shut.
    members.charlie.exec("ip", ["link", "set", "eth0", "address", charlie.mac]);
    expect(pings(members.charlie, bravo.ip, 3, 10)).toBe(true);
  });

  it("spanning tree from a member's port is reported as frames that do not belong on an IX", async () => {
    // Bravo bridges its IX interface at home with STP on: the kernel sends BPDUs from eth0's MAC every 2 s.
    members.bravo.exec("ip", ["link", "add", "home", "type", "bridge", "stp_state", "1"]);
    members.bravo.exec("ip", ["link", "set", "eth0", "master", "home"]);
    members.bravo.exec("ip", ["link", "set", "home", "up"]);
    const found = await waitForFinding("foreign_frame", "", bravo.mac, 10_000);
    expect(found).toMatchObject({ port: bravo.port, member: "Bravo", detail: "802.3 STP frames do not belong on the peering LAN" });
  });
});
