import { DEFAULT_IF_SPEED_MBPS } from "@/server/ixf/queries";
import type { IxfAddressRow, IxfRows, IxfSettings } from "@/server/ixf/rows";

export const SETTINGS: IxfSettings = {
  ixpId: 7,
  ixfId: 900,
  shortname: "TEST-IX",
  name: "Test Internet Exchange",
  country: "NL",
  url: "https://ix.example.net/",
  supportEmail: "noc@ix.example.net",
  peeringdbId: 4242,
  ifSpeedMbps: DEFAULT_IF_SPEED_MBPS,
};

const SINCE = new Date("2024-03-01T12:00:00.123Z");

/** A member address row with sensible defaults; override what a test is about. */
export function addressRow(overrides: Partial<IxfAddressRow> = {}): IxfAddressRow {
  return {
    ipId: 1,
    family: 4,
    address: "198.18.0.40",
    lanId: 1,
    asn: 64496,
    asSet: "AS-EXAMPLE",
    maxPrefixV4: 100,
    maxPrefixV6: 20,
    rsClient: true,
    clientId: 1,
    clientName: "Example Networks",
    website: "https://www.example.com/",
    contactEmails: ["noc@example.com"],
    peeringPolicy: "open",
    memberType: "peering",
    memberSince: SINCE,
    connectionId: 10,
    locationId: 1,
    connectionType: "vxlan",
    connectionState: "production",
    connectedSince: SINCE,
    macAddresses: [],
    ifSpeedMbps: null,
    ...overrides,
  };
}

/** One POP, one LAN (the demo's benchmarking ranges) and the given addresses. */
export function ixfRows(addresses: IxfAddressRow[]): IxfRows {
  return {
    switches: [{ id: 1, code: "FMT", name: "Fremont", city: "Fremont", country: "US", peeringdbFacilityId: 547 }],
    lans: [{ id: 1, name: "Peering LAN", ixfVlanId: 1, ipv4Prefix: "198.18.0.0/22", ipv6Prefix: "2001:2:0:1::/64" }],
    addresses,
  };
}
