import { describe, expect, it } from "vitest";
import { buildIxfDocument } from "@/server/ixf/exporter";
import { checkIxfDocument } from "@/server/ixf/checks";
import { addressRow, ixfRows, SETTINGS } from "../helpers/ixf-rows";

const NOW = new Date("2026-01-02T03:04:05.678Z");

describe("IX-F exporter", () => {
  it("describes the IX, its POPs as switches and its LANs as vlans", () => {
    const document = buildIxfDocument(SETTINGS, ixfRows([]), NOW);
    expect(document.version).toBe("1.0");
    expect(document.timestamp).toBe("2026-01-02T03:04:05Z");
    expect(document.ixp_list).toEqual([
      expect.objectContaining({
        ixp_id: 7,
        ixf_id: 900,
        shortname: "TEST-IX",
        peeringdb_id: 4242,
        support_email: "noc@ix.example.net",
        switch: [{ id: 1, name: "FMT", colo: "Fremont", city: "Fremont", country: "US", pdb_facility_id: 547 }],
        vlan: [{ id: 1, name: "Peering LAN", ipv4: { prefix: "198.18.0.0", mask_length: 22 }, ipv6: { prefix: "2001:2:0:1::", mask_length: 64 } }],
      }),
    ]);
    expect(document.member_list).toEqual([]);
  });

  it("leaves ixf_id out until it is configured, and adds the IX's contacts only when they are set", () => {
    const unconfigured = buildIxfDocument({ ...SETTINGS, ixfId: null }, ixfRows([]), NOW).ixp_list[0]!;
    expect(unconfigured).not.toHaveProperty("ixf_id");
    expect(Object.keys(unconfigured).filter((key) => /phone|hours|emergency|billing/.test(key))).toEqual([]);
    const contacts = { support_phone: "+1 510 555 0100", support_contact_hours: "8/5", billing_email: "billing@ix.example.net" };
    expect(buildIxfDocument({ ...SETTINGS, contacts }, ixfRows([]), NOW).ixp_list[0]).toMatchObject({ ixf_id: 900, ...contacts });
  });

  it("gives each connection the interface speed of its tunnel type, unless the connection has its own", () => {
    const settings = { ...SETTINGS, ifSpeedMbps: { ...SETTINGS.ifSpeedMbps, openvpn: 250 } };
    const document = buildIxfDocument(
      settings,
      ixfRows([
        addressRow({ asn: 64496, ipId: 1, address: "198.18.0.40", connectionId: 10, connectionType: "openvpn" }),
        addressRow({ asn: 64497, ipId: 2, address: "198.18.0.41", connectionId: 11, connectionType: "local" }),
        // A volunteer set this connection's own speed.
        addressRow({ asn: 64498, ipId: 3, address: "198.18.0.42", connectionId: 12, connectionType: "openvpn", ifSpeedMbps: 40 }),
      ]),
      NOW,
    );
    expect(document.member_list.map((m) => m.connection_list[0]!.if_list)).toEqual([
      [{ switch_id: 1, if_speed: 250, if_type: "openvpn" }],
      [{ switch_id: 1, if_speed: 10000, if_type: "local" }],
      [{ switch_id: 1, if_speed: 40, if_type: "openvpn" }],
    ]);
  });

  it("pairs an ASN's IPv4 and IPv6 on one connection into one vlan entry with its routing data", () => {
    const document = buildIxfDocument(
      SETTINGS,
      ixfRows([
        addressRow({ ipId: 1, family: 4, address: "198.18.0.40", macAddresses: [" 00:AA:bb:cc:dd:0E "] }),
        addressRow({ ipId: 2, family: 6, address: "2001:2:0:1::40", macAddresses: [" 00:AA:bb:cc:dd:0E "] }),
      ]),
      NOW,
    );
    expect(document.member_list).toEqual([
      {
        asnum: 64496,
        member_type: "peering",
        name: "Example Networks",
        url: "https://www.example.com/",
        peering_policy: "open",
        member_since: "2024-03-01T12:00:00Z",
        contact_email: ["noc@example.com"],
        connection_list: [
          {
            ixp_id: 7,
            state: "active",
            connected_since: "2024-03-01T12:00:00Z",
            if_list: [{ switch_id: 1, if_speed: 1000, if_type: "vxlan" }],
            vlan_list: [
              {
                vlan_id: 1,
                ipv4: { address: "198.18.0.40", routeserver: true, max_prefix: 100, as_macro: "AS-EXAMPLE", mac_addresses: ["00:aa:bb:cc:dd:0e"] },
                ipv6: { address: "2001:2:0:1::40", routeserver: true, max_prefix: 20, as_macro: "AS-EXAMPLE", mac_addresses: ["00:aa:bb:cc:dd:0e"] },
              },
            ],
          },
        ],
      },
    ]);
    expect(checkIxfDocument(document)).toEqual([]);
  });

  it("lists one member per ASN, sorted, with one connection per tunnel", () => {
    const document = buildIxfDocument(
      SETTINGS,
      ixfRows([
        addressRow({ asn: 65551, ipId: 1, address: "198.18.0.41", connectionId: 11 }),
        addressRow({ asn: 64496, ipId: 2, address: "198.18.0.40", connectionId: 10 }),
        addressRow({ asn: 64496, ipId: 3, family: 6, address: "2001:2:0:1::99", connectionId: 12, connectionState: "testing" }),
      ]),
      NOW,
    );
    expect(document.member_list.map((m) => m.asnum)).toEqual([64496, 65551]);
    const connections = document.member_list[0]!.connection_list;
    expect(connections.map((c) => c.state)).toEqual(["active", "inactive"]);
    expect(connections[1]!.vlan_list).toEqual([{ vlan_id: 1, ipv6: expect.objectContaining({ address: "2001:2:0:1::99" }) }]);
  });

  it("leaves out what is unknown, private or not a valid value of its format", () => {
    const [member] = buildIxfDocument(
      SETTINGS,
      ixfRows([
        addressRow({
          website: "javascript:alert(1)",
          contactEmails: [],
          asSet: null,
          maxPrefixV4: null,
          connectionId: null,
          locationId: null,
          connectionType: null,
          connectionState: null,
          connectedSince: null,
        }),
      ]),
      NOW,
    ).member_list;
    expect(member).not.toHaveProperty("url");
    expect(member).not.toHaveProperty("contact_email");
    expect(member!.connection_list[0]).toEqual({
      ixp_id: 7,
      state: "active",
      vlan_list: [{ vlan_id: 1, ipv4: { address: "198.18.0.40", routeserver: true, mac_addresses: [] } }],
    });
    const withBadEmail = buildIxfDocument(SETTINGS, ixfRows([addressRow({ contactEmails: ["not an email", "ok@example.com", "ok@example.com"] })]), NOW);
    expect(withBadEmail.member_list[0]!.contact_email).toEqual(["ok@example.com"]);
  });

  it("keeps an address on an unknown LAN visible to the checks instead of dropping it", () => {
    const document = buildIxfDocument(SETTINGS, ixfRows([addressRow({ lanId: 99 })]), NOW);
    expect(checkIxfDocument(document)).toEqual([
      expect.objectContaining({ message: "vlan_id -99 is not declared in ixp_id 7 (so 198.18.0.40 cannot be placed)" }),
    ]);
  });
});
