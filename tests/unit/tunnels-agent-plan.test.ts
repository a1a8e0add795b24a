import { describe, expect, it } from "vitest";
import { applyChanges } from "@/server/tunnels/agent/apply";
import { parseFloodEntries, parseLinks, type LiveState } from "@/server/tunnels/agent/live";
import { planChanges, type Command } from "@/server/tunnels/agent/plan";
import { desiredStateSchema, PORT_MARKER, type DesiredState } from "@/server/tunnels/desired-state";

const desired: DesiredState = desiredStateSchema.parse({
  version: 1,
  location: "FMT",
  bridge: { name: "br-ixp" },
  interfaces: [
    { kind: "vxlan", name: "ixpv100", vni: 100, port: 4789, remote: "2001:db8::9", local: "2001:db8::1", role: "member" },
    { kind: "vxlan", name: "ixpmesh", vni: 9000, port: 4789, local: "192.0.2.1", flood: ["192.0.2.2", "192.0.2.3"], role: "mesh" },
    { kind: "tap", name: "ixpovpn", role: "openvpn" },
    { kind: "port", name: "eth1", role: "local" },
  ],
});

/** What `ip -j -d link show` prints once the state above is in place, plus interfaces the agent must leave alone. */
const converged = JSON.stringify([
  { ifname: "lo", flags: ["LOOPBACK", "UP"] },
  { ifname: "eth0", flags: ["UP"], master: "br-ixp" },
  { ifname: "br-ixp", flags: ["UP"], linkinfo: { info_kind: "bridge" } },
  { ifname: "ixpv100", flags: ["UP"], master: "br-ixp", linkinfo: { info_kind: "vxlan", info_data: { id: 100, remote6: "2001:db8:0:0::9", local6: "2001:db8::1", port: 4789, learning: true } } },
  { ifname: "ixpmesh", flags: ["UP"], master: "br-ixp", linkinfo: { info_kind: "vxlan", info_data: { id: 9000, local: "192.0.2.1", port: 4789, learning: true } } },
  { ifname: "ixpovpn", flags: ["UP"], master: "br-ixp", linkinfo: { info_kind: "tun", info_data: { type: "tap" } } },
  { ifname: "eth1", flags: ["UP"], master: "br-ixp", ifalias: PORT_MARKER },
  { ifname: "vxlan-ops", flags: ["UP"], linkinfo: { info_kind: "vxlan", info_data: { id: 7, port: 4789 } } },
  { ifname: "ixp-operator", flags: ["UP"], linkinfo: { info_kind: "veth" } },
]);
const meshFdb = JSON.stringify([{ mac: "00:00:00:00:00:00", dst: "192.0.2.2" }, { mac: "00:00:00:00:00:00", dst: "192.0.2.3" }, { mac: "aa:bb:cc:dd:ee:ff", dst: "192.0.2.2" }]);

function live(links: string, fdb = meshFdb): LiveState {
  return { interfaces: parseLinks(links), flood: new Map([["ixpmesh", parseFloodEntries(fdb)]]), staticMacs: new Map() };
}

describe("agent plan", () => {
  it("is empty when the server matches, and never mentions interfaces it does not manage", () => {
    expect(planChanges(desired, live(converged))).toEqual([]);
  });

  it("creates everything from scratch, bridge first, with argument arrays", () => {
    const changes = planChanges(desired, live(JSON.stringify([{ ifname: "lo", flags: ["UP"] }, { ifname: "eth1", flags: [] }]), "[]"));
    expect(changes.map((c) => `${c.action} ${c.interface}`)).toEqual(["create br-ixp", "create ixpv100", "create ixpmesh", "create ixpovpn", "update eth1"]);
    expect(changes[1]!.commands[0]).toEqual(["ip", "link", "add", "ixpv100", "master", "br-ixp", "up", "type", "vxlan", "id", "100", "dstport", "4789", "remote", "2001:db8::9", "local", "2001:db8::1"]);
    expect(changes[2]!.commands.slice(1)).toEqual([
      ["bridge", "fdb", "append", "00:00:00:00:00:00", "dev", "ixpmesh", "dst", "192.0.2.2"],
      ["bridge", "fdb", "append", "00:00:00:00:00:00", "dev", "ixpmesh", "dst", "192.0.2.3"],
    ]);
  });

  it("recreates a tunnel whose parameters changed, fixes mesh peers, deletes what is no longer wanted and detaches marked ports", () => {
    const links = JSON.parse(converged) as Record<string, unknown>[];
    const changedRemote = links.map((l) => (l.ifname === "ixpv100" ? { ...l, linkinfo: { info_kind: "vxlan", info_data: { id: 100, remote6: "2001:db8::8", local6: "2001:db8::1", port: 4789 } } } : l));
    changedRemote.push({ ifname: "ixpv200", flags: ["UP"], master: "br-ixp", linkinfo: { info_kind: "vxlan", info_data: { id: 200, port: 4789 } } });
    changedRemote.push({ ifname: "eth2", flags: ["UP"], master: "br-ixp", ifalias: PORT_MARKER });
    const changes = planChanges(desired, live(JSON.stringify(changedRemote), JSON.stringify([{ mac: "00:00:00:00:00:00", dst: "192.0.2.2" }, { mac: "00:00:00:00:00:00", dst: "192.0.2.99" }])));
    expect(changes.map((c) => `${c.action} ${c.interface}`)).toEqual(["delete ixpv200", "detach eth2", "recreate ixpv100", "update ixpmesh"]);
    expect(changes[2]!.reason).toContain("remote 2001:db8::8 -> 2001:db8::9");
    expect(changes[3]!.commands).toEqual([
      ["bridge", "fdb", "append", "00:00:00:00:00:00", "dev", "ixpmesh", "dst", "192.0.2.3"],
      ["bridge", "fdb", "del", "00:00:00:00:00:00", "dev", "ixpmesh", "dst", "192.0.2.99"],
    ]);
  });

  it("refuses to replace a bridge name held by another kind of device", () => {
    const links = (JSON.parse(converged) as Record<string, unknown>[]).map((l) => (l.ifname === "br-ixp" ? { ifname: "br-ixp", flags: ["UP"], linkinfo: { info_kind: "veth" } } : l));
    const [change] = planChanges(desired, live(JSON.stringify(links)));
    expect(change?.blocked).toMatch(/not a bridge/);
  });

  it("a failing change is reported and the others still run", async () => {
    const changes = planChanges(desired, live(JSON.stringify([{ ifname: "lo", flags: ["UP"] }, { ifname: "eth1", flags: [] }]), "[]"));
    const ran: Command[] = [];
    const results = await applyChanges(changes, async (command) => {
      ran.push(command);
      if (command.includes("ixpv100")) throw new Error("RTNETLINK answers: File exists");
      return "";
    });
    expect(results.filter((r) => !r.ok).map((r) => [r.change.interface, r.error])).toEqual([["ixpv100", "RTNETLINK answers: File exists"]]);
    expect(ran.some((c) => c.includes("ixpovpn"))).toBe(true);
    expect(ran.some((c) => c.includes("ixpmesh"))).toBe(true);
  });
});
