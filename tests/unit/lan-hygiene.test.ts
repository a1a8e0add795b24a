import { describe, expect, it } from "vitest";
import { parseFdb, parseTcpdumpLine } from "@/server/lan-hygiene/watch/tcpdump";
import { parseLinks, parseStaticMacs } from "@/server/tunnels/agent/live";
import { planChanges } from "@/server/tunnels/agent/plan";
import { buildDesiredState } from "@/server/tunnels/desired";
import { connection, pop, SETTINGS } from "../helpers/tunnel-rows";

describe("reading tcpdump -e -n -t", () => {
  it.each([
    ["02:00:00:00:00:0a > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 10.9.0.2 tell 10.9.0.1, length 28", { mac: "02:00:00:00:00:0a", ip: "10.9.0.1" }],
    ["02:00:00:00:00:0b > 02:00:00:00:00:0a, ethertype ARP (0x0806), length 42: Reply 10.9.0.2 is-at 02:00:00:00:00:0b, length 28", { mac: "02:00:00:00:00:0b", ip: "10.9.0.2" }],
    ["02:00:00:00:00:0a > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 10.9.0.2 tell 0.0.0.0, length 28", null],
    ["9a:c7:d8:cd:fc:25 > 33:33:ff:00:00:02, ethertype IPv6 (0x86dd), length 86: 2001:db8::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has 2001:db8::2, length 32", { mac: "9a:c7:d8:cd:fc:25", ip: "2001:db8::1" }],
    ["b6:30:0b:ee:23:0b > 9a:c7:d8:cd:fc:25, ethertype IPv6 (0x86dd), length 86: 2001:db8::2 > 2001:db8::1: ICMP6, neighbor advertisement, tgt is 2001:db8::2, length 32", { mac: "b6:30:0b:ee:23:0b", ip: "2001:db8::2" }],
    ["b6:30:0b:ee:23:0b > 33:33:ff:ee:23:0b, ethertype IPv6 (0x86dd), length 86: :: > ff02::1:ffee:230b: ICMP6, neighbor solicitation, who has fe80::b430:bff:feee:230b, length 32", null],
    ["9a:c7:d8:cd:fc:25 > 01:80:c2:00:00:00, 802.3, length 38: LLC, dsap STP (0x42) Individual, ssap STP (0x42) Command, ctrl 0x03: STP 802.1d, Config, Flags [none]", { mac: "9a:c7:d8:cd:fc:25", frame: "802.3 STP" }],
    ["02:00:00:00:00:0c > 01:80:c2:00:00:0e, ethertype LLDP (0x88cc), length 60: LLDP, length 46", { mac: "02:00:00:00:00:0c", frame: "LLDP (0x88cc)" }],
    ["02:00:00:00:00:0c > ff:ff:ff:ff:ff:ff, ethertype IPv4 (0x0800), length 342: 0.0.0.0.68 > 255.255.255.255.67: BOOTP/DHCP, Request from 02:00:00:00:00:0c, length 300", { mac: "02:00:00:00:00:0c", frame: "DHCP" }],
    ["tcpdump: verbose output suppressed, use -v[v]... for full protocol decode", null],
  ])("%s", (line, expected) => {
    expect(parseTcpdumpLine(line)).toEqual(expected);
  });

  it("finds the port behind each learned MAC in the bridge FDB, not the bridge's own entries", () => {
    const fdb = JSON.stringify([
      { mac: "33:33:00:00:00:01", ifname: "br0", flags: ["self"], state: "permanent" },
      { mac: "02:00:00:00:00:0A", ifname: "lhA", flags: [], master: "br0", state: "" },
    ]);
    expect(parseFdb(fdb, "br0")).toEqual(new Map([["02:00:00:00:00:0a", "lhA"]]));
  });
});

describe("enforcing registered MACs", () => {
  const LH = pop({ id: 1, code: "LH", tunnelTypes: { local: {}, openvpn: { port: 1194 } } });
  const rows = [
    connection({ id: 1, locationId: 1, type: "local", params: { bridgePort: "lhA" }, macAddresses: ["02:00:00:00:0A:01"] }),
    connection({ id: 2, locationId: 1, type: "local", params: { bridgePort: "lhB" }, macAddresses: [] }),
    connection({ id: 3, locationId: 1, type: "openvpn", macAddresses: ["02:00:00:00:0c:01"] }),
    connection({ id: 4, locationId: 1, type: "openvpn", macAddresses: ["02:00:00:00:0d:01"] }),
  ];

  it("puts no filter in the desired state while the POP does not enforce", () => {
    expect(buildDesiredState(LH, [LH], rows, SETTINGS).macFilter).toEqual([]);
  });

  it("locks each member port to its registered MACs; a port with a member that registered none stays open", () => {
    const state = buildDesiredState({ ...LH, enforceRegisteredMacs: true }, [LH], rows, SETTINGS);
    expect(state.macFilter).toEqual([
      { port: "lhA", macs: ["02:00:00:00:0a:01"] },
      { port: "ixpovpn", macs: ["02:00:00:00:0c:01", "02:00:00:00:0d:01"] },
    ]);
  });

  it("the agent adds static entries before locking, forgets learned MACs, removes stale ones, and unlocks ports no longer filtered", () => {
    const desired = buildDesiredState({ ...LH, enforceRegisteredMacs: true }, [LH], rows.slice(0, 2), SETTINGS);
    const links = JSON.stringify([
      { ifname: "br-ixp", flags: ["UP"], linkinfo: { info_kind: "bridge" } },
      { ifname: "lhA", flags: ["UP"], master: "br-ixp", ifalias: "ixp-agent:port", linkinfo: { info_slave_kind: "bridge", info_slave_data: { learning: true, locked: false } } },
      { ifname: "lhB", flags: ["UP"], master: "br-ixp", ifalias: "ixp-agent:port", linkinfo: { info_slave_kind: "bridge", info_slave_data: { learning: false, locked: true } } },
    ]);
    const fdb = JSON.stringify([
      { mac: "02:00:00:00:ee:01", ifname: "lhA", master: "br-ixp", state: "static" },
      { mac: "02:00:00:00:0b:01", ifname: "lhB", master: "br-ixp", state: "static" },
      { mac: "f6:a3:f2:02:d5:16", ifname: "lhB", master: "br-ixp", state: "permanent" },
    ]);
    const changes = planChanges(desired, { interfaces: parseLinks(links), flood: new Map(), staticMacs: parseStaticMacs(fdb) });
    expect(changes.filter((c) => c.reason.startsWith("MAC filter")).map((c) => [c.interface, c.reason, c.commands.map((cmd) => cmd.join(" "))])).toEqual([
      [
        "lhA",
        "MAC filter: only 02:00:00:00:0a:01",
        ["bridge fdb replace 02:00:00:00:0a:01 dev lhA master static", "bridge fdb del 02:00:00:00:ee:01 dev lhA master", "bridge link set dev lhA locked on learning off", "bridge fdb flush dev br-ixp brport lhA dynamic"],
      ],
      ["lhB", "MAC filter off", ["bridge link set dev lhB locked off learning on", "bridge fdb del 02:00:00:00:0b:01 dev lhB master"]],
    ]);
  });
});
