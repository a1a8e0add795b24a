import { describe, expect, it } from "vitest";
import { buildDesiredState } from "@/server/tunnels/desired";
import { desiredStateSchema } from "@/server/tunnels/desired-state";
import { TunnelConfigError } from "@/server/tunnels/params";
import { connection, pop, SETTINGS } from "../helpers/tunnel-rows";

const FMT = pop({ id: 1, code: "FMT", tunnelTypes: { vxlan: { udpPort: 4789 }, eoip: {}, openvpn: { port: 1194 }, local: { bridgePort: "eth1" }, custom: {} } });
const AMS = pop({ id: 2, code: "AMS" });
const SYD = pop({ id: 3, code: "SYD", endpointIpv4: null });
const NYC = pop({ id: 4, code: "NYC", mode: "satellite", uplinkLocationId: 1, meshVni: 9104 });
const ALL = [FMT, AMS, NYC];

describe("desired state of a POP", () => {
  it("has one VXLAN per member with the POP's port, a per-member override, and the right underlay family", () => {
    const state = buildDesiredState(FMT, ALL, [
      connection({ id: 1, locationId: 1, type: "vxlan", tunnelId: 100 }),
      connection({ id: 2, locationId: 1, type: "vxlan", tunnelId: 101, remoteEndpoint: "2001:db8:99::2", params: { udpPort: 500 } }),
    ], SETTINGS);
    const members = state.interfaces.filter((i) => i.kind === "vxlan" && i.role === "member");
    expect(members).toEqual([
      expect.objectContaining({ name: "ixpv100", vni: 100, port: 4789, remote: "203.0.113.9", local: "192.0.2.1" }),
      expect.objectContaining({ name: "ixpv101", vni: 101, port: 500, remote: "2001:db8:99::2", local: "2001:db8::1" }),
    ]);
  });

  it("leaves out connections that are not live, and members of other POPs", () => {
    const state = buildDesiredState(FMT, ALL, [
      connection({ id: 1, locationId: 1, type: "vxlan", state: "requested" }),
      connection({ id: 2, locationId: 1, type: "vxlan", state: "decommissioned" }),
      connection({ id: 3, locationId: 2, type: "vxlan" }),
    ], SETTINGS);
    expect(state.interfaces.some((i) => i.name.startsWith("ixpv"))).toBe(false);
  });

  it("gives EoIP members a tap each, OpenVPN one shared tap, and bridges local/custom ports only where set", () => {
    const state = buildDesiredState(FMT, ALL, [
      connection({ id: 1, locationId: 1, type: "eoip", tunnelId: 7 }),
      connection({ id: 2, locationId: 1, type: "openvpn" }),
      connection({ id: 3, locationId: 1, type: "local" }),
      connection({ id: 4, locationId: 1, type: "local" }),
      connection({ id: 5, locationId: 1, type: "custom", params: { bridgePort: "eth2.100" } }),
      connection({ id: 6, locationId: 1, type: "custom" }),
      connection({ id: 7, locationId: 1, type: "zerotier", remoteEndpoint: "a1b2c3d4e5" }),
    ], SETTINGS);
    const byName = Object.fromEntries(state.interfaces.map((i) => [i.name, i]));
    expect(byName.ixpe7).toMatchObject({ kind: "tap", role: "eoip" });
    expect(byName.ixpovpn).toMatchObject({ kind: "tap", role: "openvpn" });
    expect(byName.eth1).toMatchObject({ kind: "port", role: "local" });
    expect(byName["eth2.100"]).toMatchObject({ kind: "port", role: "custom" });
    expect(state.interfaces.filter((i) => i.kind === "port")).toHaveLength(2);
  });

  it("joins full POPs in one flooding mesh device and hangs satellites off their hub", () => {
    const fmt = buildDesiredState(FMT, ALL, [], SETTINGS);
    expect(fmt.interfaces).toContainEqual(expect.objectContaining({ name: "ixpmesh", vni: 9000, flood: ["192.0.2.2"], local: "192.0.2.1" }));
    expect(fmt.interfaces).toContainEqual(expect.objectContaining({ name: "ixps4", vni: 9104, remote: "192.0.2.4", role: "satellite" }));
    const nyc = buildDesiredState(NYC, ALL, [], SETTINGS);
    expect(nyc.interfaces.filter((i) => i.kind === "vxlan")).toEqual([expect.objectContaining({ name: "ixpu1", vni: 9104, remote: "192.0.2.1", role: "uplink" })]);
    expect(nyc.mesh).toEqual([{ peer: "FMT", relation: "uplink", interface: "ixpu1", vni: 9104, remote: "192.0.2.1" }]);
    const ams = buildDesiredState(AMS, ALL, [], SETTINGS);
    expect(ams.interfaces.some((i) => i.name === "ixps4")).toBe(false);
  });

  it("refuses a mesh between POPs without a common address family, and a satellite without a hub", () => {
    expect(() => buildDesiredState(FMT, [FMT, pop({ id: 3, code: "SYD", endpointIpv4: null, endpointIpv6: null })], [], SETTINGS)).toThrow(TunnelConfigError);
    expect(() => buildDesiredState(pop({ id: 5, code: "X", mode: "satellite", uplinkLocationId: 99 }), [FMT], [], SETTINGS)).toThrow(/no active uplink/);
    expect(buildDesiredState(FMT, [FMT, SYD], [], SETTINGS).interfaces).toContainEqual(expect.objectContaining({ name: "ixpmesh", flood: ["2001:db8::3"] }));
  });

  it("rejects a member VNI that collides with the mesh, and bad DB values, with the row named", () => {
    expect(() => buildDesiredState(FMT, ALL, [connection({ id: 1, locationId: 1, type: "vxlan", tunnelId: 9000 })], SETTINGS)).toThrow(/VNI 9000/);
    expect(() => buildDesiredState(FMT, ALL, [connection({ id: 8, locationId: 1, type: "vxlan", remoteEndpoint: "1.2.3.4; reboot" })], SETTINGS)).toThrow(/connection #8/);
    expect(() => buildDesiredState(FMT, ALL, [connection({ id: 9, locationId: 1, type: "local", params: { bridgePort: "eth0;reboot" } })], SETTINGS)).toThrow(/connection #9/);
    expect(() => buildDesiredState(FMT, ALL, [connection({ id: 10, locationId: 1, type: "vxlan", tunnelId: null })], SETTINGS)).toThrow(/no tunnel id/);
  });

  it("the agent's schema refuses names it does not manage, shell characters and non-addresses", () => {
    const base = { version: 1, location: "X", bridge: { name: "br-ixp" }, mesh: [] };
    const vxlan = { kind: "vxlan", name: "ixpv1", vni: 1, port: 4789, remote: "192.0.2.1", role: "member" };
    expect(desiredStateSchema.safeParse({ ...base, interfaces: [vxlan] }).success).toBe(true);
    for (const bad of [{ ...vxlan, name: "eth0" }, { ...vxlan, name: "ixp$(reboot)" }, { ...vxlan, remote: "192.0.2.1 dev lo" }, { ...vxlan, name: "ixpv1234567890123" }]) {
      expect(desiredStateSchema.safeParse({ ...base, interfaces: [bad] }).success).toBe(false);
    }
    expect(desiredStateSchema.safeParse({ ...base, bridge: { name: "br ix" }, interfaces: [] }).success).toBe(false);
  });
});
