import { describe, expect, it } from "vitest";
import { renderMemberConfigurations } from "@/server/tunnels/member/render";
import { eoipEnvironmentFile, eoipTunnel } from "@/server/tunnels/native/eoip";
import { renderPopFiles } from "@/server/tunnels/render";
import { connection, memberInput, pop, SETTINGS } from "../helpers/tunnel-rows";

const FMT = pop({ id: 1, code: "FMT", tunnelTypes: { vxlan: { udpPort: 500 }, eoip: {}, zerotier: { networkId: "8056c2e21c000001" }, local: { bridgePort: "eth1" }, custom: { description: "Cross-connect\u202e; rm -rf /" } } });
const byId = (snippets: { id: string; text: string }[], id: string) => snippets.find((s) => s.id === id)?.text ?? "";

describe("member-side configuration", () => {
  it("VXLAN: Linux and RouterOS commands with the POP's port, both ends and the member's addresses", () => {
    const snippets = renderMemberConfigurations(memberInput({ pop: FMT, connection: connection({ id: 3, locationId: 1, type: "vxlan", tunnelId: 120 }) }));
    expect(snippets.map((s) => s.id)).toEqual(["linux", "routeros", "bird", "frr"]);
    expect(byId(snippets, "linux")).toContain("ip link add ix-fmt type vxlan id 120 remote 192.0.2.1 local 203.0.113.9 dstport 500");
    expect(byId(snippets, "linux")).toContain("ip -6 address add 2001:2:0:1::40/64 dev ix-fmt");
    expect(byId(snippets, "routeros")).toContain("/interface vxlan add name=ix-fmt vni=120 port=500");
    expect(byId(snippets, "routeros")).toContain("/interface vxlan vteps add interface=ix-fmt remote-ip=192.0.2.1");
  });

  it("EoIP: RouterOS eoip/eoipv6 by underlay family, and the Linux daemon's command", () => {
    const v4 = renderMemberConfigurations(memberInput({ pop: FMT, connection: connection({ id: 4, locationId: 1, type: "eoip", tunnelId: 42 }) }));
    expect(byId(v4, "routeros")).toContain("/interface eoip add name=ix-fmt local-address=203.0.113.9 remote-address=192.0.2.1 tunnel-id=42");
    expect(byId(v4, "linux")).toContain("eoip -4 ix-fmt local 203.0.113.9 remote 192.0.2.1 id 42 &");
    const v6 = renderMemberConfigurations(memberInput({ pop: FMT, connection: connection({ id: 5, locationId: 1, type: "eoip", tunnelId: 43, remoteEndpoint: "2001:db8:77::1" }) }));
    expect(byId(v6, "routeros")).toContain("/interface eoipv6 add name=ix-fmt local-address=2001:db8:77::1 remote-address=2001:db8::1 tunnel-id=43");
  });

  it("EoIP: the server side gets one environment file per tunnel and refuses ids MikroTik cannot carry", () => {
    const c = connection({ id: 4, locationId: 1, type: "eoip", tunnelId: 42, clientName: "Evil\nEOIP_REMOTE=6.6.6.6" });
    const file = eoipEnvironmentFile(eoipTunnel(FMT, c), c);
    expect(file.split("\n").filter((l) => l.startsWith("EOIP_REMOTE="))).toEqual(["EOIP_REMOTE=203.0.113.9"]);
    expect(file).toContain("EOIP_TUNNEL_ID=42");
    expect(() => eoipTunnel(FMT, { ...c, tunnelId: 70_000 })).toThrow(/0-65535/);
    const files = renderPopFiles(FMT, [FMT], [c], SETTINGS, null);
    expect(files.map((f) => f.path)).toEqual(["desired-state.json", "eoip/ixpe42.env", "eoip/tunnels.txt"]);
  });

  it("local and custom ports: addresses to configure, the POP's description as a comment only", () => {
    const local = renderMemberConfigurations(memberInput({ pop: FMT, connection: connection({ id: 6, locationId: 1, type: "local", tunnelId: null, remoteEndpoint: null }) }));
    expect(local[0]).toMatchObject({ id: "port", title: "Local ethernet at FMT" });
    expect(local[0]!.text).toContain("ip address add 198.18.0.40/22 dev eth0");
    const custom = renderMemberConfigurations(memberInput({ pop: FMT, connection: connection({ id: 7, locationId: 1, type: "custom", tunnelId: null, remoteEndpoint: null }) }));
    expect(custom[0]!.text).toContain("# Cross-connect; rm -rf /");
    expect(custom[0]!.text.split("\n").some((l) => l.startsWith("rm "))).toBe(false);
    // A line break could start a command: the POP's parameters refuse it, with a message naming the POP.
    const broken = pop({ id: 11, code: "BRK", tunnelTypes: { custom: { description: "Cross-connect\nrm -rf /" } } });
    expect(() => renderMemberConfigurations(memberInput({ pop: broken, connection: connection({ id: 11, locationId: 11, type: "custom", tunnelId: null, remoteEndpoint: null }) }))).toThrow(
      /POP BRK: custom parameters: description must be one line of text/,
    );
  });

  it("ZeroTier: the join command for the POP's network", () => {
    const [zt] = renderMemberConfigurations(memberInput({ pop: FMT, connection: connection({ id: 8, locationId: 1, type: "zerotier", remoteEndpoint: "a1b2c3d4e5" }) }));
    expect(zt!.text).toContain("zerotier-cli join 8056c2e21c000001");
    expect(zt!.text).toContain("a1b2c3d4e5");
  });

  it("hostile POP codes and names never reach a command unquoted", () => {
    const evil = pop({ id: 9, code: "X$(reboot)", name: "`reboot`", tunnelTypes: { vxlan: { udpPort: 4789 } } });
    const snippets = renderMemberConfigurations(memberInput({ ixShortName: 'IX"; reboot; "', pop: evil, connection: connection({ id: 9, locationId: 9, type: "vxlan" }) }));
    // Comments may quote the text; no command line may carry it.
    const commands = snippets.flatMap((s) => s.text.split("\n")).filter((line) => !line.trim().startsWith("#") && !line.includes("description"));
    expect(commands.join("\n")).toContain("ix-xreboot");
    expect(commands.filter((line) => line.includes("$(") || line.includes("`"))).toEqual([]);
    expect(byId(snippets, "bird")).not.toMatch(/"[^"\n]*"[^;\n]*"/);
    expect(() => renderMemberConfigurations(memberInput({ pop: FMT, connection: connection({ id: 10, locationId: 1, type: "vxlan", remoteEndpoint: "1.2.3.4;reboot" }) }))).toThrow(/connection #10/);
  });

  it("BGP: one session per member address and route server of the same family", () => {
    const snippets = renderMemberConfigurations(memberInput({ pop: FMT, connection: connection({ id: 11, locationId: 1, type: "vxlan" }) }));
    expect(byId(snippets, "bird").match(/protocol bgp/g)).toHaveLength(4);
    expect(byId(snippets, "bird")).toContain("local 2001:2:0:1::40 as 64512;\n  neighbor 2001:2:0:1::1 as 64500;");
    expect(byId(snippets, "frr")).toContain("router bgp 64512");
    expect(byId(snippets, "frr")).toContain(" neighbor 198.18.0.2 remote-as 64500");
  });
});
