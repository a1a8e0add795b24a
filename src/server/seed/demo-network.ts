import type { LocationMode, TunnelType } from "@/shared/enums";

/** The fixed part of the demo IX: POPs, the peering LAN and route servers. Members are generated. */

export interface DemoLocation {
  code: string;
  name: string;
  city: string;
  country: string;
  endpointIpv4: string;
  endpointIpv6: string;
  mode: LocationMode;
  uplink?: string;
  meshVni: number;
  tunnelTypes: Partial<Record<TunnelType, Record<string, unknown>>>;
}

export const DEMO_LOCATIONS: readonly DemoLocation[] = [
  {
    code: "FMT", name: "Fremont", city: "Fremont", country: "US", endpointIpv4: "192.0.2.10", endpointIpv6: "2001:db8:10::1",
    mode: "full", meshVni: 9001,
    tunnelTypes: { vxlan: { udpPort: 4789 }, eoip: {}, openvpn: { port: 1194, protocol: "udp" }, zerotier: { networkId: "8056c2e21c000001" } },
  },
  {
    code: "AMS", name: "Amsterdam", city: "Amsterdam", country: "NL", endpointIpv4: "192.0.2.20", endpointIpv6: "2001:db8:20::1",
    mode: "full", meshVni: 9002,
    tunnelTypes: { vxlan: { udpPort: 4789 }, openvpn: { port: 1194, protocol: "udp" }, local: { bridgePort: "eth1" } },
  },
  {
    code: "SYD", name: "Sydney", city: "Sydney", country: "AU", endpointIpv4: "192.0.2.30", endpointIpv6: "2001:db8:30::1",
    mode: "full", meshVni: 9003,
    tunnelTypes: { vxlan: { udpPort: 500 }, eoip: {}, zerotier: { networkId: "8056c2e21c000001" } },
  },
  {
    code: "NYC", name: "New York", city: "New York", country: "US", endpointIpv4: "192.0.2.40", endpointIpv6: "2001:db8:40::1",
    mode: "satellite", uplink: "FMT", meshVni: 9004,
    tunnelTypes: { vxlan: { udpPort: 4789 }, openvpn: { port: 1195, protocol: "udp" }, custom: { description: "Cross-connect on request" } },
  },
  {
    code: "JNB", name: "Johannesburg", city: "Johannesburg", country: "ZA", endpointIpv4: "192.0.2.50", endpointIpv6: "2001:db8:50::1",
    mode: "satellite", uplink: "AMS", meshVni: 9005,
    tunnelTypes: { eoip: {}, openvpn: { port: 1194, protocol: "udp" }, local: { bridgePort: "eth1" }, custom: {} },
  },
];

/** RFC 2544/5180 benchmarking ranges: realistic shape, never routed on the internet. */
export const DEMO_LAN = {
  name: "Peering LAN",
  ipv6Prefix: "2001:2:0:1::/64",
  ixfVlanId: 1,
  reservations: [
    { family: 4, firstOffset: 1, lastOffset: 31, purpose: "Route servers, tunnel servers and monitoring" },
  ],
  ipv6Reservation: { first: "2001:2:0:1::1", last: "2001:2:0:1::31", purpose: "Route servers, tunnel servers and monitoring" },
} as const;

/** A /22 for up to ~480 members, growing so that any --members count fits. */
export function demoIpv4Prefix(members: number): string {
  const needed = members * 2 + 64;
  let length = 22;
  while (length > 15 && 2 ** (32 - length) < needed) length--;
  return `198.18.0.0/${length}`;
}

export const DEMO_ROUTE_SERVERS = [
  { name: "rs1", location: "FMT", offset: 1 },
  { name: "rs2", location: "AMS", offset: 2 },
] as const;

export const DEMO_USERS = [
  { email: "admin@example.net", name: "Demo Admin", role: "admin" },
  { email: "volunteer@example.net", name: "Demo Volunteer", role: "volunteer" },
] as const;
