import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderTunnels, writeRenderedFiles } from "@/server/tunnels/service";
import { memberConfigurations } from "@/server/tunnels/member/load";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createNamespace, type Namespace } from "../helpers/netns";
import { addLan, addMember, addPop, decommissionConnection } from "../helpers/tunnel-fixtures";
import { linkNamespaces, pings } from "../helpers/underlay";

/**
 * Two full POPs in the mesh, a satellite hanging off the first, one VXLAN member at each, all in namespaces:
 *   memA --veth-- popA --veth-- popB --veth-- memB   (POP n: 10.77.255.n on lo; member of POP n: 10.77.1n.2)
 *                   |
 *   memC --veth-- popC (satellite of popA)
 * POP endpoints live on each POP's lo; the peering LAN (198.18.0.0/22) exists only on the bridges and tunnels.
 */

const BIN = fileURLToPath(new URL("../../bin/ixp.mjs", import.meta.url));

let database: TestDatabase;
let dir: string;
const spaces: Namespace[] = [];
let popA: Namespace, popB: Namespace, memA: Namespace, memB: Namespace, popC: Namespace, memC: Namespace;
let connectionA: number;

function agent(ns: Namespace, stateFile: string, ...extra: string[]) {
  const result = spawnSync("ip", ["netns", "exec", ns.name, process.execPath, BIN, "agent", "apply", "--state", stateFile, ...extra], { encoding: "utf8", timeout: 60_000 });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

async function renderAndApply(code: string, ns: Namespace) {
  const out = path.join(dir, code);
  await writeRenderedFiles(out, await renderTunnels(database.db, code, path.join(dir, "secrets")));
  return agent(ns, path.join(out, "desired-state.json"));
}

async function configureMember(ns: Namespace, connectionId: number) {
  const snippets = await memberConfigurations(database.db, connectionId);
  const linux = snippets.find((s) => s.id === "linux");
  expect(linux, "a Linux snippet").toBeDefined();
  // Exactly what a member pastes into a root shell.
  ns.exec("sh", ["-e", "-c", linux!.text]);
}

/** POP n owns 10.77.255.n (on lo); POPs n and m meet on 10.77.1<n><m>.0/30. */
function joinPops(x: Namespace, n: number, y: Namespace, m: number) {
  const net = `10.77.1${n}${m}`;
  linkNamespaces(x, `${net}.1/30`, y, `${net}.2/30`);
  x.exec("ip", ["route", "add", `10.77.255.${m}/32`, "via", `${net}.2`]);
  y.exec("ip", ["route", "add", `10.77.255.${n}/32`, "via", `${net}.1`]);
}

/** The member of POP n sits on 10.77.1n.0/24, behind that POP. */
function attachMember(member: Namespace, pop: Namespace, n: number) {
  linkNamespaces(member, `10.77.1${n}.2/24`, pop, `10.77.1${n}.1/24`);
  member.exec("ip", ["route", "add", "10.77.255.0/24", "via", `10.77.1${n}.1`]);
}

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "ixp-vxlan-"));
  [popA, popB, memA, memB, popC, memC] = ["popA", "popB", "memA", "memB", "popC", "memC"].map((label) => {
    const ns = createNamespace(label);
    spaces.push(ns);
    return ns;
  }) as [Namespace, Namespace, Namespace, Namespace, Namespace, Namespace];
  for (const [index, pop] of [popA, popB, popC].entries()) pop.exec("ip", ["address", "add", `10.77.255.${index + 1}/32`, "dev", "lo"]);
  joinPops(popA, 1, popB, 2);
  joinPops(popA, 1, popC, 3);
  attachMember(memA, popA, 1);
  attachMember(memB, popB, 2);
  attachMember(memC, popC, 3);

  const lanId = await addLan(database.db);
  const a = await addPop(database.db, { code: "TA", endpointIpv4: "10.77.255.1", types: { vxlan: { udpPort: 4789 } } });
  const b = await addPop(database.db, { code: "TB", endpointIpv4: "10.77.255.2", types: { vxlan: { udpPort: 4790 } } });
  connectionA = (await addMember(database.db, { name: "Alpha; rm -rf / #", asn: 64601, locationId: a, lanId, type: "vxlan", tunnelId: 100, remoteEndpoint: "10.77.11.2", addresses: [{ address: "198.18.0.40", family: 4 }] })).connectionId;
  const c = await addPop(database.db, { code: "TC", endpointIpv4: "10.77.255.3", mode: "satellite", uplinkLocationId: a, meshVni: 9100, types: { vxlan: { udpPort: 4789 } } });
  const connectionC = (await addMember(database.db, { name: "Charlie", asn: 64603, locationId: c, lanId, type: "vxlan", tunnelId: 100, remoteEndpoint: "10.77.13.2", addresses: [{ address: "198.18.0.42", family: 4 }] })).connectionId;
  const connectionB = (await addMember(database.db, { name: "Bravo $(reboot)", asn: 64602, locationId: b, lanId, type: "vxlan", tunnelId: 100, remoteEndpoint: "10.77.12.2", addresses: [{ address: "198.18.0.41", family: 4 }] })).connectionId;

  // An interface the agent does not manage must survive every run.
  popA.exec("ip", ["link", "add", "operator0", "type", "vxlan", "id", "4242", "dstport", "4242", "local", "10.77.255.1"]);

  await configureMember(memA, connectionA);
  await configureMember(memB, connectionB);
  await configureMember(memC, connectionC);
});

afterAll(async () => {
  for (const ns of spaces) ns.remove();
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

describe("VXLAN members and the POP mesh", () => {
  it("the agent builds the bridge, member tunnel and mesh, and a second run changes nothing", async () => {
    await writeRenderedFiles(path.join(dir, "TA"), await renderTunnels(database.db, "TA", path.join(dir, "secrets")));
    const dryRun = agent(popA, path.join(dir, "TA", "desired-state.json"), "--dry-run");
    expect(dryRun.out).toContain("+ create ixpv100");
    expect(popA.exec("ip", ["-br", "link", "show"])).not.toContain("ixpv100");
    const first = await renderAndApply("TA", popA);
    expect(first.out).toContain("+ create br-ixp");
    expect(first.out).toContain("+ create ixpv100");
    expect(first.out).toContain("+ create ixpmesh");
    expect(first.status, first.out).toBe(0);
    expect((await renderAndApply("TB", popB)).status).toBe(0);
    const satellite = await renderAndApply("TC", popC);
    expect(satellite.out).toContain("+ create ixpu");
    expect(first.out).toContain("+ create ixps");
    popA.exec("ip", ["address", "add", "198.18.0.2/22", "dev", "br-ixp"]);

    const again = await renderAndApply("TA", popA);
    expect(again.status).toBe(0);
    expect(again.out).toContain("no changes");
    expect(popA.exec("ip", ["-br", "link", "show", "operator0"])).toContain("operator0");
  });

  it("a member reaches the peering LAN through its tunnel and the IX bridge", () => {
    expect(pings(memA, "198.18.0.2", 3, 10)).toBe(true);
  });

  it("members at different POPs reach each other over the mesh, also from a satellite through its hub", () => {
    expect(pings(memB, "198.18.0.40", 3, 10)).toBe(true);
    expect(pings(memC, "198.18.0.41", 3, 10)).toBe(true);
    expect(pings(memC, "198.18.0.40", 3, 10)).toBe(true);
  });

  it("removing the connection removes the tunnel and the member loses the LAN", async () => {
    await decommissionConnection(database.db, connectionA);
    const result = await renderAndApply("TA", popA);
    expect(result.status, result.out).toBe(0);
    expect(result.out).toContain("- delete ixpv100");
    expect(result.out).not.toContain("operator0");
    expect(popA.exec("ip", ["-br", "link", "show"])).not.toContain("ixpv100");
    expect(pings(memA, "198.18.0.2", 2)).toBe(false);
    // The mesh and the other POP's member are untouched.
    expect(pings(memB, "198.18.0.2", 3, 10)).toBe(true);
  });

  it("a step that fails is reported and the other tunnels are created and keep working", () => {
    const state = JSON.parse(readFileSync(path.join(dir, "TB", "desired-state.json"), "utf8")) as { interfaces: unknown[] };
    state.interfaces.push({ kind: "port", name: "nosuchport0", role: "local" }, { kind: "vxlan", name: "ixpv555", vni: 555, port: 4790, remote: "10.77.12.3", local: "10.77.255.2", role: "member" });
    const file = path.join(dir, "broken-state.json");
    writeFileSync(file, JSON.stringify(state));
    const result = agent(popB, file);
    expect(result.status, result.out).toBe(2);
    expect(result.out).toMatch(/FAILED update nosuchport0: .*(Cannot find device|does not exist)/);
    expect(popB.exec("ip", ["-br", "link", "show", "master", "br-ixp"])).toContain("ixpv555");
    expect(pings(memB, "198.18.0.2", 3, 10)).toBe(true);
  });
});
