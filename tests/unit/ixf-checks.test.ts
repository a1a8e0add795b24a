import { describe, expect, it } from "vitest";
import { assertSoundIxfDocument, checkIxfDocument, IxfCheckError } from "@/server/ixf/checks";
import { buildIxfDocument } from "@/server/ixf/exporter";
import type { IxfDocument } from "@/server/ixf/document";
import { addressRow, ixfRows, SETTINGS } from "../helpers/ixf-rows";

function soundDocument(): IxfDocument {
  return buildIxfDocument(
    SETTINGS,
    ixfRows([
      addressRow({ ipId: 1, asn: 64496, family: 4, address: "198.18.0.40", macAddresses: ["00:11:22:33:44:55"] }),
      addressRow({ ipId: 2, asn: 64496, family: 6, address: "2001:2:0:1::40" }),
      addressRow({ ipId: 3, asn: 64497, family: 4, address: "198.18.0.41", connectionId: 11 }),
    ]),
    new Date("2026-01-01T00:00:00Z"),
  );
}

const messages = (document: IxfDocument) => checkIxfDocument(document).map((p) => p.message);

describe("IX-F semantic checks", () => {
  it("accept a sound export", () => {
    expect(checkIxfDocument(soundDocument())).toEqual([]);
    expect(() => assertSoundIxfDocument(soundDocument())).not.toThrow();
  });

  it("find a duplicate address, however it is written", () => {
    const document = soundDocument();
    document.member_list[1]!.connection_list[0]!.vlan_list![0]!.ipv4!.address = "198.18.0.40";
    document.member_list[1]!.connection_list[0]!.vlan_list![0]!.ipv6 = { address: "2001:2:0:1:0:0:0:40" };
    expect(checkIxfDocument(document)).toEqual([
      { where: "member_list[1] (AS64497) connection_list[0] vlan_list[0] ipv4", message: "198.18.0.40 is a duplicate: member_list[0] (AS64496) connection_list[0] vlan_list[0] ipv4 has it too" },
      { where: "member_list[1] (AS64497) connection_list[0] vlan_list[0] ipv6", message: "2001:2:0:1:0:0:0:40 is a duplicate: member_list[0] (AS64496) connection_list[0] vlan_list[0] ipv6 has it too" },
    ]);
  });

  it("find addresses outside their LAN, of the wrong family, or in a LAN without that family", () => {
    const document = soundDocument();
    const vlan = document.member_list[0]!.connection_list[0]!.vlan_list![0]!;
    vlan.ipv4!.address = "198.19.0.40";
    vlan.ipv6!.address = "198.18.0.99";
    delete document.ixp_list[0]!.vlan![0]!.ipv6;
    document.member_list[1]!.connection_list[0]!.vlan_list![0]!.ipv6 = { address: "2001:2:0:1::41" };
    expect(messages(document)).toEqual([
      "198.19.0.40 is outside vlan 1's prefix 198.18.0.0/22",
      "198.18.0.99 is not an IPv6 address",
      "2001:2:0:1::41 is in vlan 1, which declares no ipv6 prefix",
    ]);
  });

  it("find undeclared switch, vlan and ixp ids, and ids declared twice", () => {
    const document = soundDocument();
    const ixp = document.ixp_list[0]!;
    ixp.switch!.push({ id: 1, name: "again" });
    ixp.vlan!.push({ id: 1, name: "again" }, { id: 5, ipv4: { prefix: "198.18.0.0", mask_length: 22 } });
    document.member_list[0]!.connection_list[0]!.if_list = [{ switch_id: 9 }];
    document.member_list[0]!.connection_list[0]!.vlan_list![0]!.vlan_id = 3;
    document.member_list[1]!.connection_list[0]!.ixp_id = 8;
    document.ixp_list.push({ ...ixp, switch: [], vlan: [] });
    expect(messages(document)).toEqual([
      "switch id 1 is declared twice",
      "vlan id 1 is declared twice",
      "prefix 198.18.0.0/22 is also declared by vlan 1: one LAN needs one vlan id",
      "ixp_id 7 is declared twice",
      "switch_id 9 is not declared in ixp_id 7",
      "vlan_id 3 is not declared in ixp_id 7 (so 198.18.0.40 and 2001:2:0:1::40 cannot be placed)",
      "ixp_id 8 is not declared in ixp_list",
    ]);
  });

  it("find prefixes with host bits or a bad mask, and upper-case IPv6 and MAC addresses", () => {
    const document = soundDocument();
    const lan = document.ixp_list[0]!.vlan![0]!;
    lan.ipv4 = { prefix: "198.18.1.0", mask_length: 22 };
    lan.ipv6 = { prefix: "2001:2:0:1::", mask_length: 129 };
    const vlan = document.member_list[0]!.connection_list[0]!.vlan_list![0]!;
    vlan.ipv4!.mac_addresses = ["00:11:22:33:44:AA", "0011.2233.4455"];
    vlan.ipv6!.address = "2001:2:0:1::4A";
    expect(messages(document)).toEqual([
      "prefix 198.18.1.0/22 has host bits set (the network is 198.18.0.0/22)",
      "mask length 129 is not between 0 and 128",
      "MAC address 00:11:22:33:44:AA is not lowercase xx:xx:xx:xx:xx:xx",
      "MAC address 0011.2233.4455 is not lowercase xx:xx:xx:xx:xx:xx",
      "2001:2:0:1::4A is not lowercase",
    ]);
  });

  it("fail loudly with every offending row named", () => {
    const document = soundDocument();
    document.member_list[0]!.connection_list[0]!.vlan_list![0]!.ipv4!.address = "203.0.113.7";
    let thrown: unknown;
    try {
      assertSoundIxfDocument(document);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IxfCheckError);
    expect((thrown as IxfCheckError).problems).toHaveLength(1);
    expect((thrown as Error).message).toBe(
      "the IX-F export fails 1 semantic check(s): member_list[0] (AS64496) connection_list[0] vlan_list[0] ipv4: 203.0.113.7 is outside vlan 1's prefix 198.18.0.0/22",
    );
  });
});
