/**
 * Bogon prefixes, as data, from the IANA special-purpose address registries:
 *   https://www.iana.org/assignments/iana-ipv4-special-registry/ (last updated 2025-05-13)
 *   https://www.iana.org/assignments/iana-ipv6-special-registry/ (last updated 2025-05-13)
 * read on 2026-11-29, plus the few blocks outside them that no route server should carry
 * (IPv4 multicast and class E, the returned 6bone and site-local IPv6 blocks).
 *
 * `policy` is what the route server does with a route for the block:
 *   reject      the block and every more-specific are bogons (IANA "globally reachable: false")
 *   exact-only  the block itself may be announced, any more-specific is a bogon (Teredo and 6to4:
 *               relays announce the aggregate; a more-specific is a leak or an attack)
 *   allow       a globally reachable block inside a rejected one (IANA "globally reachable: true"):
 *               the block and its more-specifics are not bogons
 * IPv6 outside 2000::/3 (global unicast) is rejected as a whole, so the entries there are kept for
 * completeness and make no difference.
 */

export type BogonPolicy = "reject" | "exact-only" | "allow";

export interface BogonEntry {
  prefix: string;
  name: string;
  rfc: string;
  policy: BogonPolicy;
}

export const BOGON_SOURCE = "IANA IPv4/IPv6 special-purpose address registries (updated 2025-05-13), read 2026-11-29";

export const BOGONS_V4: readonly BogonEntry[] = [
  { prefix: "0.0.0.0/8", name: '"This network"', rfc: "RFC 791", policy: "reject" },
  { prefix: "10.0.0.0/8", name: "Private-Use", rfc: "RFC 1918", policy: "reject" },
  { prefix: "100.64.0.0/10", name: "Shared Address Space", rfc: "RFC 6598", policy: "reject" },
  { prefix: "127.0.0.0/8", name: "Loopback", rfc: "RFC 1122", policy: "reject" },
  { prefix: "169.254.0.0/16", name: "Link Local", rfc: "RFC 3927", policy: "reject" },
  { prefix: "172.16.0.0/12", name: "Private-Use", rfc: "RFC 1918", policy: "reject" },
  { prefix: "192.0.0.0/24", name: "IETF Protocol Assignments", rfc: "RFC 6890", policy: "reject" },
  { prefix: "192.0.0.9/32", name: "Port Control Protocol Anycast", rfc: "RFC 7723", policy: "allow" },
  { prefix: "192.0.0.10/32", name: "Traversal Using Relays around NAT Anycast", rfc: "RFC 8155", policy: "allow" },
  { prefix: "192.0.2.0/24", name: "Documentation (TEST-NET-1)", rfc: "RFC 5737", policy: "reject" },
  { prefix: "192.31.196.0/24", name: "AS112-v4", rfc: "RFC 7535", policy: "allow" },
  { prefix: "192.52.193.0/24", name: "AMT", rfc: "RFC 7450", policy: "allow" },
  { prefix: "192.88.99.0/24", name: "Deprecated (6to4 Relay Anycast)", rfc: "RFC 7526", policy: "reject" },
  { prefix: "192.168.0.0/16", name: "Private-Use", rfc: "RFC 1918", policy: "reject" },
  { prefix: "192.175.48.0/24", name: "Direct Delegation AS112 Service", rfc: "RFC 7534", policy: "allow" },
  { prefix: "198.18.0.0/15", name: "Benchmarking", rfc: "RFC 2544", policy: "reject" },
  { prefix: "198.51.100.0/24", name: "Documentation (TEST-NET-2)", rfc: "RFC 5737", policy: "reject" },
  { prefix: "203.0.113.0/24", name: "Documentation (TEST-NET-3)", rfc: "RFC 5737", policy: "reject" },
  { prefix: "224.0.0.0/4", name: "Multicast (IANA multicast registry)", rfc: "RFC 5771", policy: "reject" },
  { prefix: "240.0.0.0/4", name: "Reserved", rfc: "RFC 1112", policy: "reject" },
  { prefix: "255.255.255.255/32", name: "Limited Broadcast", rfc: "RFC 919", policy: "reject" },
];

export const BOGONS_V6: readonly BogonEntry[] = [
  { prefix: "::1/128", name: "Loopback Address", rfc: "RFC 4291", policy: "reject" },
  { prefix: "::/128", name: "Unspecified Address", rfc: "RFC 4291", policy: "reject" },
  { prefix: "::ffff:0:0/96", name: "IPv4-mapped Address", rfc: "RFC 4291", policy: "reject" },
  { prefix: "64:ff9b::/96", name: "IPv4-IPv6 Translation", rfc: "RFC 6052", policy: "reject" },
  { prefix: "64:ff9b:1::/48", name: "IPv4-IPv6 Translation (local use)", rfc: "RFC 8215", policy: "reject" },
  { prefix: "100::/64", name: "Discard-Only Address Block", rfc: "RFC 6666", policy: "reject" },
  { prefix: "100:0:0:1::/64", name: "Dummy IPv6 Prefix", rfc: "RFC 9780", policy: "reject" },
  { prefix: "2001::/23", name: "IETF Protocol Assignments", rfc: "RFC 2928", policy: "reject" },
  { prefix: "2001::/32", name: "TEREDO", rfc: "RFC 4380", policy: "exact-only" },
  { prefix: "2001:1::1/128", name: "Port Control Protocol Anycast", rfc: "RFC 7723", policy: "allow" },
  { prefix: "2001:1::2/128", name: "Traversal Using Relays around NAT Anycast", rfc: "RFC 8155", policy: "allow" },
  { prefix: "2001:1::3/128", name: "DNS-SD Service Registration Protocol Anycast", rfc: "RFC 9665", policy: "allow" },
  { prefix: "2001:2::/48", name: "Benchmarking", rfc: "RFC 5180", policy: "reject" },
  { prefix: "2001:3::/32", name: "AMT", rfc: "RFC 7450", policy: "allow" },
  { prefix: "2001:4:112::/48", name: "AS112-v6", rfc: "RFC 7535", policy: "allow" },
  { prefix: "2001:10::/28", name: "Deprecated (previously ORCHID)", rfc: "RFC 4843", policy: "reject" },
  { prefix: "2001:20::/28", name: "ORCHIDv2", rfc: "RFC 7343", policy: "allow" },
  { prefix: "2001:30::/28", name: "Drone Remote ID Protocol Entity Tags (DETs)", rfc: "RFC 9374", policy: "allow" },
  { prefix: "2001:db8::/32", name: "Documentation", rfc: "RFC 3849", policy: "reject" },
  { prefix: "2002::/16", name: "6to4", rfc: "RFC 3056", policy: "exact-only" },
  { prefix: "2620:4f:8000::/48", name: "Direct Delegation AS112 Service", rfc: "RFC 7534", policy: "allow" },
  { prefix: "3ffe::/16", name: "Former 6bone (returned)", rfc: "RFC 3701", policy: "reject" },
  { prefix: "3fff::/20", name: "Documentation", rfc: "RFC 9637", policy: "reject" },
  { prefix: "5f00::/16", name: "Segment Routing (SRv6) SIDs", rfc: "RFC 9602", policy: "reject" },
  { prefix: "fc00::/7", name: "Unique-Local", rfc: "RFC 4193", policy: "reject" },
  { prefix: "fe80::/10", name: "Link-Local Unicast", rfc: "RFC 4291", policy: "reject" },
  { prefix: "fec0::/10", name: "Former site-local (deprecated)", rfc: "RFC 3879", policy: "reject" },
  { prefix: "ff00::/8", name: "Multicast", rfc: "RFC 4291", policy: "reject" },
];

/** IPv6 outside this block is not IANA global unicast and rejected as a whole. */
export const GLOBAL_UNICAST_V6 = "2000::/3";

const HOST_LENGTH = { 4: 32, 6: 128 } as const;

/**
 * The BIRD prefix-set items of one family: a route matching `bogons` is a bogon unless it also
 * matches `allowed` (globally reachable blocks inside rejected ones, and the exact-only blocks).
 */
export function bogonSetItems(family: 4 | 6): { bogons: string[]; allowed: string[] } {
  const bogons: string[] = [];
  const allowed: string[] = [];
  for (const { prefix, policy } of family === 4 ? BOGONS_V4 : BOGONS_V6) {
    const length = Number(prefix.slice(prefix.indexOf("/") + 1));
    if (policy === "reject") bogons.push(`${prefix}+`);
    if (policy === "allow") allowed.push(`${prefix}+`);
    if (policy === "exact-only") {
      allowed.push(`${prefix}{${length},${length}}`);
      if (length < HOST_LENGTH[family]) bogons.push(`${prefix}{${length + 1},${HOST_LENGTH[family]}}`);
    }
  }
  return { bogons, allowed };
}
