import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildIxfDocument } from "@/server/ixf/exporter";
import { checkIxfDocument } from "@/server/ixf/checks";
import type { IxfDocument } from "@/server/ixf/document";
import { PEERING_POLICIES, MEMBER_TYPES, TUNNEL_TYPES } from "@/shared/enums";
import { IXF_EXAMPLES, ixfSchemaValidator, readIxfFixture } from "../helpers/ixf-schema";
import { addressRow, ixfRows, SETTINGS } from "../helpers/ixf-rows";

describe("IX-F Member Export 1.0 conformance (official schema, draft-04)", () => {
  const validate = ixfSchemaValidator();
  const example = (file: string) => readIxfFixture(file) as IxfDocument;

  it.each(IXF_EXAMPLES)("the validator accepts the example %s", (file) => {
    expect(validate(example(file)), JSON.stringify(validate.errors)).toBe(true);
  });

  it("the validator rejects what the schema forbids", () => {
    const broken = structuredClone(example("ixf-1.0-example-complex.json")) as unknown as Record<string, unknown>;
    delete broken.member_list;
    expect(validate(broken)).toBe(false);
    const badFormats = structuredClone(example("ixf-1.0-example-complex.json"));
    badFormats.member_list[0]!.connection_list[0]!.vlan_list![0]!.ipv4!.address = "192.0.2.300";
    badFormats.ixp_list[0]!.support_email = "not-an-email";
    expect(validate(badFormats)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath).sort()).toEqual([
      "/ixp_list/0/support_email",
      "/member_list/0/connection_list/0/vlan_list/0/ipv4/address",
    ]);
  });

  it("an export without a configured IX-F id misses only the ixf_id the schema requires (the admin UI warns)", () => {
    const document = buildIxfDocument({ ...SETTINGS, ixfId: null }, ixfRows([addressRow()]), new Date());
    expect(validate(document)).toBe(false);
    expect(validate.errors!.map((e) => [e.instancePath, e.params])).toEqual([["/ixp_list/0", { missingProperty: "ixf_id" }]]);
    const contacts = { support_phone: "+1 510 555 0100", support_contact_hours: "24/7", emergency_email: "noc@ix.example.net", emergency_phone: "+1 510 555 0199", billing_email: "billing@ix.example.net" };
    expect(validate(buildIxfDocument({ ...SETTINGS, contacts }, ixfRows([addressRow()]), new Date())), JSON.stringify(validate.errors)).toBe(true);
  });

  it("the semantic checks catch every problem tests/fixtures/ixf/README.md lists for the official complex example", () => {
    // All six member addresses are flagged: four outside vlan 0's prefixes, two in the undeclared vlan 2.
    expect(checkIxfDocument(example("ixf-1.0-example-complex.json"))).toEqual([
      { where: "ixp_list[0] (ixp_id 42) vlan[1] (id 1) ipv4", message: "prefix 193.105.101.0/23 has host bits set (the network is 193.105.100.0/23)" },
      { where: "member_list[0] (AS65505) connection_list[0] vlan_list[0] ipv4", message: "192.0.2.250 is outside vlan 0's prefix 80.249.208.0/21" },
      { where: "member_list[0] (AS65505) connection_list[0] vlan_list[0] ipv6", message: "2001:db8::250 is outside vlan 0's prefix 2001:7f8:1::/64" },
      { where: "member_list[0] (AS65505) connection_list[1] vlan_list[0] ipv4", message: "192.0.2.100 is outside vlan 0's prefix 80.249.208.0/21" },
      { where: "member_list[0] (AS65505) connection_list[1] vlan_list[0] ipv6", message: "2001:db8::100 is outside vlan 0's prefix 2001:7f8:1::/64" },
      { where: "member_list[1] (AS65500)", message: 'peering_policy "mandatory" is not in the peering_policy_list of ixp_id 42' },
      {
        where: "member_list[1] (AS65500) connection_list[0] vlan_list[0]",
        message: "vlan_id 2 is not declared in ixp_id 42 (so 192.0.2.254 and 2001:db8::254 cannot be placed)",
      },
    ]);
  });

  it.each(["ixpmanager-ci-export-1.0-auth.json", "ixpmanager-ci-export-1.0-unauth.json"])(
    "the semantic checks find all 10 addresses of %s outside their LAN",
    (file) => {
      const problems = checkIxfDocument(example(file));
      const outside = problems.filter((p) => p.message.includes("is outside vlan"));
      expect(outside).toHaveLength(10);
      expect(problems).toHaveLength(10);
    },
  );

  it("the basic example has nothing the checks object to", () => {
    expect(checkIxfDocument(example("ixf-1.0-example-basic.json"))).toEqual([]);
  });

  it("any export built from plausible rows validates against the schema and passes the checks", () => {
    const member = fc.record({
      asn: fc.integer({ min: 1, max: 4_294_967_294 }),
      name: fc.string({ minLength: 1, maxLength: 40 }),
      website: fc.option(fc.oneof(fc.webUrl(), fc.string()), { nil: null }),
      emails: fc.array(fc.oneof(fc.emailAddress(), fc.string()), { maxLength: 3 }),
      asSet: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: null }),
      maxPrefixV4: fc.option(fc.nat(100_000), { nil: null }),
      policy: fc.constantFrom(...PEERING_POLICIES),
      memberType: fc.constantFrom(...MEMBER_TYPES),
      type: fc.constantFrom(...TUNNEL_TYPES),
      mac: fc.mixedCase(fc.constantFrom("00:11:22:33:44:55", "aa:bb:cc:dd:ee:ff")),
      since: fc.date({ min: new Date("2000-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }),
      ipv6: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.uniqueArray(member, { selector: (m) => m.asn, maxLength: 30 }), (members) => {
        const rows = members.flatMap((m, index) => {
          const common = {
            asn: m.asn,
            clientId: index + 1,
            clientName: m.name,
            website: m.website,
            contactEmails: m.emails,
            asSet: m.asSet,
            maxPrefixV4: m.maxPrefixV4,
            peeringPolicy: m.policy,
            memberType: m.memberType,
            connectionType: m.type,
            memberSince: m.since,
            connectedSince: m.since,
            connectionId: index + 1,
            macAddresses: [m.mac],
          };
          return [
            addressRow({ ...common, ipId: index * 2 + 1, family: 4, address: `198.18.${Math.floor((index + 32) / 256)}.${(index + 32) % 256}` }),
            ...(m.ipv6 ? [addressRow({ ...common, ipId: index * 2 + 2, family: 6, address: `2001:2:0:1::${(index + 32).toString(16)}` })] : []),
          ];
        });
        const document = buildIxfDocument(SETTINGS, ixfRows(rows), new Date());
        expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
        expect(checkIxfDocument(document)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
