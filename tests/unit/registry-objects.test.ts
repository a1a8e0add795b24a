import { describe, expect, it } from "vitest";
import { renderAsSet, renderAutNums, type RegistryMember, type RegistrySettings } from "@/server/registry/objects";

const settings: RegistrySettings = {
  asSetName: "AS-DEMOIX",
  memberMode: "asn",
  ixName: "Demo Internet Exchange",
  ixShortName: "DEMO-IX",
  routeServerAsns: [64500],
  mntBy: "MAINT-DEMOIX",
  contact: "DX1-RIPE",
  source: "RIPE",
};

const members: RegistryMember[] = [
  { asn: 65002, asSet: "AS-TWO", rsClient: true, hasIpv4: true, hasIpv6: true },
  { asn: 65001, asSet: null, rsClient: true, hasIpv4: true, hasIpv6: false },
  { asn: 65003, asSet: "RIPE::AS-THREE", rsClient: false, hasIpv4: false, hasIpv6: true },
];

describe("the IX's AS-SET", () => {
  it("lists every member ASN in order, with the IX's maintainer and contacts", () => {
    expect(renderAsSet(members, settings)).toBe(
      [
        "as-set:         AS-DEMOIX",
        "descr:          Members of Demo Internet Exchange",
        "members:        AS65001",
        "members:        AS65002",
        "members:        AS65003",
        "admin-c:        DX1-RIPE",
        "tech-c:         DX1-RIPE",
        "mnt-by:         MAINT-DEMOIX",
        "source:         RIPE",
        "",
      ].join("\n"),
    );
  });

  it("lists members' own AS-SETs instead when set so, and ASNs for members without one", () => {
    const lines = renderAsSet(members, { ...settings, memberMode: "as-set" }).split("\n").filter((line) => line.startsWith("members:"));
    expect(lines).toEqual(["members:        AS65001", "members:        AS-TWO", "members:        RIPE::AS-THREE"]);
  });
});

describe("the route servers' aut-num", () => {
  it("imports each route-server client's routes (its AS-SET, else its ASN) and exports the IX's AS-SET, per family", () => {
    const text = renderAutNums(members, { ...settings, routeServerAsns: [64500, 64500] });
    expect(text.split("\n").slice(0, 9)).toEqual([
      "aut-num:        AS64500",
      "as-name:        DEMO-IX-RS",
      "descr:          Demo Internet Exchange route servers",
      "import:         from AS65001 accept AS65001",
      "export:         to AS65001 announce AS-DEMOIX",
      "import:         from AS65002 accept AS-TWO",
      "export:         to AS65002 announce AS-DEMOIX",
      "mp-import:      afi ipv6.unicast from AS65002 accept AS-TWO",
      "mp-export:      afi ipv6.unicast to AS65002 announce AS-DEMOIX",
    ]);
    // AS65003 does not peer with the route servers; one object per distinct route-server ASN.
    expect(text).not.toContain("AS65003");
    expect(text.match(/^aut-num:/gm)).toHaveLength(1);
    expect(renderAutNums(members, { ...settings, routeServerAsns: [64501, 64500] }).match(/^aut-num:.*$/gm)).toEqual(["aut-num:        AS64500", "aut-num:        AS64501"]);
  });
});
