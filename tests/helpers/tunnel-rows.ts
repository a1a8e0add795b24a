import type { ConnectionRow, PopRow, TunnelSettings } from "@/server/tunnels/model";
import type { MemberConfigInput } from "@/server/tunnels/member/model";

/** Plain rows for the pure tunnel generators (documentation addresses only). */

export const SETTINGS: TunnelSettings = { bridgeName: "br-ixp", meshVni: 9000, meshPort: 4789, openvpnDir: "/etc/openvpn/server/ixp" };

export function pop(overrides: Partial<PopRow> & Pick<PopRow, "id" | "code">): PopRow {
  return {
    name: `POP ${overrides.code}`,
    endpointIpv4: `192.0.2.${overrides.id}`,
    endpointIpv6: `2001:db8::${overrides.id}`,
    managementHost: null,
    mode: "full",
    uplinkLocationId: null,
    meshVni: 9000 + overrides.id,
    active: true,
    enforceRegisteredMacs: false,
    tunnelTypes: { vxlan: { udpPort: 4789 } },
    ...overrides,
  };
}

export function connection(overrides: Partial<ConnectionRow> & Pick<ConnectionRow, "id" | "locationId" | "type">): ConnectionRow {
  return { clientId: overrides.id, clientName: `Member ${overrides.id}`, tunnelId: 100 + overrides.id, remoteEndpoint: "203.0.113.9", params: {}, macAddresses: [], state: "production", ...overrides };
}

export function memberInput(overrides: Partial<MemberConfigInput> & Pick<MemberConfigInput, "pop" | "connection">): MemberConfigInput {
  return {
    ixShortName: "DEMO-IX",
    addresses: [
      { address: "198.18.0.40", family: 4, prefixLength: 22, asn: 64512 },
      { address: "2001:2:0:1::40", family: 6, prefixLength: 64, asn: 64512 },
    ],
    routeServers: [
      { name: "rs1", asn: 64500, ipv4Address: "198.18.0.1", ipv6Address: "2001:2:0:1::1" },
      { name: "rs2", asn: 64500, ipv4Address: "198.18.0.2", ipv6Address: "2001:2:0:1::2" },
    ],
    openvpnDownloadHref: `/portal/connections/${overrides.connection.id}/openvpn`,
    ...overrides,
  };
}
