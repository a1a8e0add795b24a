/**
 * The IX's own RPSL objects for an IRR (RFC 2622, RFC 4012 for IPv6): rows in, text out (no I/O).
 */

export interface RegistryMember {
  asn: number;
  /** The member's own AS-SET (e.g. AS-EXAMPLE or RIPE::AS-EXAMPLE), if it has one. */
  asSet: string | null;
  /** Peers with the route servers. */
  rsClient: boolean;
  hasIpv4: boolean;
  hasIpv6: boolean;
}

export interface RegistrySettings {
  asSetName: string;
  /** "asn": every member ASN; "as-set": a member's own AS-SET where it has one, else its ASN. */
  memberMode: "asn" | "as-set";
  ixName: string;
  ixShortName: string;
  routeServerAsns: number[];
  mntBy: string;
  contact: string;
  source: string;
}

/** One RPSL attribute, the value aligned at column 17 as the RIPE database prints it. */
const attribute = (name: string, value: string) => `${`${name}:`.padEnd(16)}${value}`;

/** What the route servers accept from a member: its AS-SET when it has one, else its ASN. */
const memberFilter = (member: RegistryMember) => member.asSet ?? `AS${member.asn}`;

function footer(settings: RegistrySettings): string[] {
  return [
    attribute("admin-c", settings.contact),
    attribute("tech-c", settings.contact),
    attribute("mnt-by", settings.mntBy),
    attribute("source", settings.source),
  ];
}

/** The AS-SET listing every member, one members: line each, in ASN order. */
export function renderAsSet(members: RegistryMember[], settings: RegistrySettings): string {
  const entries = [...new Set(byAsn(members).map((member) => (settings.memberMode === "as-set" && member.asSet ? member.asSet : `AS${member.asn}`)))];
  return [
    attribute("as-set", settings.asSetName),
    attribute("descr", `Members of ${settings.ixName}`),
    ...entries.map((entry) => attribute("members", entry)),
    ...footer(settings),
    "",
  ].join("\n");
}

/**
 * One aut-num object per route-server ASN: from each route-server client it accepts that member's
 * routes, and announces the IX's AS-SET to it; IPv6 lines (mp-import/mp-export) for members with IPv6.
 */
export function renderAutNums(members: RegistryMember[], settings: RegistrySettings): string {
  const clients = byAsn(members).filter((member) => member.rsClient);
  return [...new Set(settings.routeServerAsns)]
    .sort((a, b) => a - b)
    .map((rsAsn) =>
      [
        attribute("aut-num", `AS${rsAsn}`),
        attribute("as-name", `${settings.ixShortName.toUpperCase().replace(/[^A-Z0-9-]/g, "")}-RS`),
        attribute("descr", `${settings.ixName} route servers`),
        ...clients.flatMap((member) => [
          ...(member.hasIpv4
            ? [attribute("import", `from AS${member.asn} accept ${memberFilter(member)}`), attribute("export", `to AS${member.asn} announce ${settings.asSetName}`)]
            : []),
          ...(member.hasIpv6
            ? [
                attribute("mp-import", `afi ipv6.unicast from AS${member.asn} accept ${memberFilter(member)}`),
                attribute("mp-export", `afi ipv6.unicast to AS${member.asn} announce ${settings.asSetName}`),
              ]
            : []),
        ]),
        ...footer(settings),
        "",
      ].join("\n"),
    )
    .join("\n");
}

function byAsn(members: RegistryMember[]): RegistryMember[] {
  return [...members].sort((a, b) => a.asn - b.asn);
}
