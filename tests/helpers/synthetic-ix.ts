import type { MemberSessionRow, RouteServerRow } from "@/server/routeserver/model";

/**
 * A synthetic IX for the route-server bench and scale test: every member has one IPv4 and one IPv6
 * session and IRR lists of realistic skew (about 100 IPv4 prefixes per member on average).
 */

/** Most members announce a handful of prefixes, a few announce thousands (as on real IXes). */
function prefixCount(i: number): number {
  const roll = (i * 7919) % 100;
  if (roll < 70) return 1 + (i % 10);
  if (roll < 95) return 10 + (i % 90);
  return 500 + ((i * 31) % 1500);
}

export function syntheticMembers(count: number): MemberSessionRow[] {
  const rows: MemberSessionRow[] = [];
  let block = 0;
  for (let i = 0; i < count; i++) {
    const asn = 30000 + i;
    const n = prefixCount(i);
    const v4 = Array.from({ length: n }, () => {
      const b = block++;
      return { prefix: `${11 + Math.floor(b / 65536)}.${Math.floor(b / 256) % 256}.${b % 256}.0/24` };
    });
    const v6 = Array.from({ length: Math.max(1, Math.floor(n / 4)) }, (_, k) => ({ prefix: `2a0${1 + (i % 8)}:${(i >> 4).toString(16)}:${k.toString(16)}::/48` }));
    const host = i + 32;
    const common = { asn, clientName: `Member ${i} Networks`, asSet: `AS${asn}:AS-CUSTOMERS`, maxPrefixV4: n * 2, maxPrefixV6: n, blackholeOptIn: i % 5 === 0, asnAddresses: [], irrOriginAsns: [asn, 60000 + (i % 50)] };
    rows.push({ ...common, ipId: 2 * i + 1, family: 4, address: `100.${64 + (host >> 16)}.${(host >> 8) & 255}.${host & 255}`, irrPrefixes: v4 });
    rows.push({ ...common, ipId: 2 * i + 2, family: 6, address: `2001:7f8:1::${host.toString(16)}`, irrPrefixes: v6 });
  }
  return rows;
}


export const BENCH_ROUTE_SERVER: { routeServer: RouteServerRow; lanPrefixes: string[] } = {
  routeServer: { name: "rs1", asn: 64500, routerId: "100.64.0.1", ipv4Address: "100.64.0.1", ipv6Address: "2001:7f8:1::1" },
  lanPrefixes: ["100.64.0.0/10", "2001:7f8:1::/64"],
};
