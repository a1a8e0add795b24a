import type { ConnectionRow, PopRow } from "../model";

/** What the member-side generators need; load.ts fills it for one connection. */

export interface MemberAddress {
  address: string;
  family: 4 | 6;
  /** Prefix length of the peering LAN the address is on. */
  prefixLength: number;
  asn: number;
}

export interface MemberRouteServer {
  name: string;
  asn: number;
  ipv4Address: string | null;
  ipv6Address: string | null;
}

export interface MemberConfigInput {
  ixShortName: string;
  pop: PopRow;
  connection: ConnectionRow;
  addresses: MemberAddress[];
  routeServers: MemberRouteServer[];
  /** Where the member downloads the OpenVPN profile (a portal route); the profile itself is never in a snippet. */
  openvpnDownloadHref: string;
}

export interface ConfigSnippet {
  id: string;
  title: string;
  language: "shell" | "routeros" | "bird" | "frr" | "text";
  text: string;
  download?: { href: string; filename: string };
}
