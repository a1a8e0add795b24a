import { describe, expect, it } from "vitest";
import { filterCollection, serializeIps, serializeNetworkServiceConfigs, type IxSnapshot } from "@/server/ixapi/serialize";

/** The pure IX-API serialisers: configs per connection and LAN, requests as configs, scoping, filters. */

const created = new Date("2026-11-01T10:00:00Z");
const snapshot: IxSnapshot = {
  ix: { name: "Test IX", shortName: "TIX", peeringdbId: null, ixfId: null },
  lans: [
    { id: 1, name: "main", ipv4Prefix: "185.1.0.0/24", ipv6Prefix: "2001:7f8:99::/64", vlanTag: null, active: true },
    { id: 2, name: "jumbo", ipv4Prefix: null, ipv6Prefix: "2001:7f8:98::/64", vlanTag: 42, active: true },
  ],
  locations: [{ id: 5, code: "FMT", name: "Fremont", city: "Fremont", country: "US", peeringdbFacilityId: null, active: true }],
  routeServers: [],
  clients: [
    { id: 10, name: "Alpha", contactName: null, contactEmail: "noc@alpha.example", contactPhone: null, nocEmail: null, state: "production" },
    { id: 11, name: "Beta", contactName: null, contactEmail: "noc@beta.example", contactPhone: null, nocEmail: null, state: "production" },
  ],
  asns: [
    { id: 100, asn: 65010, clientId: 10 },
    { id: 101, asn: 65011, clientId: 11 },
  ],
  connections: [
    { id: 7, clientId: 10, locationId: 5, type: "vxlan", macAddresses: ["02:00:00:00:00:0A"], ifSpeedMbps: null, state: "production" },
    { id: 8, clientId: 11, locationId: 5, type: "eoip", macAddresses: [], ifSpeedMbps: 100, state: "allocated" },
  ],
  ips: [
    { id: 1, lanId: 1, family: 4, address: "185.1.0.10", asnId: 100, connectionId: 7, state: "production", deprovisionedAt: null },
    { id: 2, lanId: 2, family: 6, address: "2001:7f8:98::10", asnId: 100, connectionId: 7, state: "production", deprovisionedAt: null },
    { id: 3, lanId: 1, family: 4, address: "185.1.0.11", asnId: 101, connectionId: 8, state: "allocated", deprovisionedAt: null },
  ],
  openRequests: [
    { id: 50, asn: 65010, contactEmail: "other@alpha.example", locationId: 5, tunnelType: "vxlan", state: "pending", createdAt: created },
    { id: 51, asn: 64999, contactEmail: "NOC@beta.example", locationId: 5, tunnelType: "zerotier", state: "unverified", createdAt: created },
  ],
};

describe("IX-API serialisers", () => {
  it("makes one config per connection and LAN, with that LAN's IPs, VLAN and the MAC ids", () => {
    const configs = serializeNetworkServiceConfigs(snapshot, { all: false, clientId: 10 });
    expect(configs.map((c) => [c.id, c.network_service, c.ips, c.vlan_config, c.state])).toEqual([
      ["7-1", "1", ["1"], { vlan_type: "port" }, "production"],
      ["7-2", "2", ["2"], { vlan_type: "dot1q", vlan: 42, vlan_ethertype: "0x8100" }, "production"],
      ["request-50", "1", [], { vlan_type: "port" }, "requested"],
    ]);
    expect(configs[0]!.macs).toEqual(["7-02000000000a"]);
    expect(configs[2]!.status).toEqual([expect.objectContaining({ tag: "awaiting_review" })]);
  });

  it("gives an open request to the ASN's owner, else to the account with its contact email (any case)", () => {
    const beta = serializeNetworkServiceConfigs(snapshot, { all: false, clientId: 11 });
    expect(beta.map((c) => [c.id, c.consuming_account])).toEqual([
      ["8-1", "11"],
      ["request-51", "11"],
    ]);
    expect(serializeNetworkServiceConfigs(snapshot, { all: true })).toHaveLength(5);
  });

  it("shows a member only its own IPs, with the LAN's prefix length", () => {
    expect(serializeIps(snapshot, { all: false, clientId: 11 }).map((ip) => [ip.address, ip.prefix_length])).toEqual([["185.1.0.11", 24]]);
    expect(serializeIps(snapshot, { all: true })).toHaveLength(3);
  });

  it("filters by id lists, equality, list membership and __is_not, ignoring unknown names", () => {
    const items = [
      { id: "1", state: "production", asns: [65010] },
      { id: "2", state: "requested", asns: [65011] },
      { id: "3", state: "production", asns: [65011, 65012] },
    ];
    const ids = (query: string) => filterCollection(items, new URLSearchParams(query)).map((i) => i.id);
    expect(ids("id=1,3")).toEqual(["1", "3"]);
    expect(ids("state=production")).toEqual(["1", "3"]);
    expect(ids("state__is_not=production")).toEqual(["2"]);
    expect(ids("asns=65011")).toEqual(["2", "3"]);
    expect(ids("unknown=x")).toEqual(["1", "2", "3"]);
    expect(ids("state=production&asns=65011")).toEqual(["3"]);
  });
});
