import { z } from "zod";
import { PEERING_POLICIES } from "@/shared/enums";
import { safeWebUrl } from "@/shared/web-url";
import {
  IXF_VERSION,
  type IxfAddress,
  type IxfConnection,
  type IxfInterface,
  type IxfDocument,
  type IxfMember,
  type IxfPrefix,
  type IxfVlanMembership,
} from "./document";
import type { IxfAddressRow, IxfLanRow, IxfRows, IxfSettings } from "./rows";

/** Pure: database rows and settings in, IX-F Member Export 1.0 document out. No I/O, no checks. */

/** IX-F times are whole seconds in UTC, as in the official examples. */
export function ixfTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function splitPrefix(cidr: string): IxfPrefix {
  const [prefix = "", length = ""] = cidr.split("/");
  return { prefix, mask_length: length === "" ? Number.NaN : Number(length) };
}

const emailSchema = z.email();

/** Member-supplied text is only exported where it is a valid value of its IX-F format. */
function validEmails(emails: readonly string[]): string[] {
  return [...new Set(emails.filter((email) => emailSchema.safeParse(email).success))];
}

function addressEntry(row: IxfAddressRow): IxfAddress {
  const maxPrefix = row.family === 4 ? row.maxPrefixV4 : row.maxPrefixV6;
  return {
    address: row.address,
    routeserver: row.rsClient,
    ...(maxPrefix !== null ? { max_prefix: maxPrefix } : {}),
    ...(row.asSet ? { as_macro: row.asSet } : {}),
    mac_addresses: row.macAddresses.map((mac) => mac.trim().toLowerCase()),
  };
}

/** Pairs the IPv4 and IPv6 addresses of one ASN on one LAN over one connection into vlan_list entries. */
function vlanMemberships(rows: readonly IxfAddressRow[], vlanIdOf: (lanId: number) => number): IxfVlanMembership[] {
  const byLan = new Map<number, { v4: IxfAddressRow[]; v6: IxfAddressRow[] }>();
  for (const row of rows) {
    const entry = byLan.get(row.lanId) ?? { v4: [], v6: [] };
    (row.family === 4 ? entry.v4 : entry.v6).push(row);
    byLan.set(row.lanId, entry);
  }
  const memberships: IxfVlanMembership[] = [];
  for (const [lanId, { v4, v6 }] of byLan) {
    for (let i = 0; i < Math.max(v4.length, v6.length); i++) {
      const ipv4 = v4[i];
      const ipv6 = v6[i];
      memberships.push({
        vlan_id: vlanIdOf(lanId),
        ...(ipv4 ? { ipv4: addressEntry(ipv4) } : {}),
        ...(ipv6 ? { ipv6: addressEntry(ipv6) } : {}),
      });
    }
  }
  return memberships;
}

function interfaceEntry(row: IxfAddressRow, settings: IxfSettings): IxfInterface {
  return {
    switch_id: row.locationId!,
    ...(row.connectionType ? { if_speed: row.ifSpeedMbps ?? settings.ifSpeedMbps[row.connectionType], if_type: row.connectionType } : {}),
  };
}

function connectionEntry(settings: IxfSettings, rows: readonly IxfAddressRow[], vlanIdOf: (lanId: number) => number): IxfConnection {
  const first = rows[0]!;
  return {
    ixp_id: settings.ixpId,
    state: first.connectionState === null || first.connectionState === "production" ? "active" : "inactive",
    ...(first.connectedSince ? { connected_since: ixfTime(first.connectedSince) } : {}),
    ...(first.locationId !== null ? { if_list: [interfaceEntry(first, settings)] } : {}),
    vlan_list: vlanMemberships(rows, vlanIdOf),
  };
}

function memberEntry(settings: IxfSettings, rows: readonly IxfAddressRow[], vlanIdOf: (lanId: number) => number): IxfMember {
  const first = rows[0]!;
  const byConnection = new Map<number | null, IxfAddressRow[]>();
  for (const row of rows) {
    const list = byConnection.get(row.connectionId) ?? [];
    list.push(row);
    byConnection.set(row.connectionId, list);
  }
  const url = safeWebUrl(first.website);
  const emails = validEmails(first.contactEmails);
  return {
    asnum: first.asn,
    member_type: first.memberType,
    name: first.clientName,
    ...(url ? { url } : {}),
    peering_policy: first.peeringPolicy,
    member_since: ixfTime(first.memberSince),
    ...(emails.length > 0 ? { contact_email: emails } : {}),
    connection_list: [...byConnection.values()].map((list) => connectionEntry(settings, list, vlanIdOf)),
  };
}

function prefixesOf(lan: IxfLanRow) {
  return {
    ...(lan.ipv4Prefix ? { ipv4: splitPrefix(lan.ipv4Prefix) } : {}),
    ...(lan.ipv6Prefix ? { ipv6: splitPrefix(lan.ipv6Prefix) } : {}),
  };
}

export function buildIxfDocument(settings: IxfSettings, rows: IxfRows, now: Date): IxfDocument {
  const vlanIds = new Map(rows.lans.map((lan) => [lan.id, lan.ixfVlanId]));
  // An address on an unknown LAN keeps a vlan id no LAN has, so the checks report it.
  const vlanIdOf = (lanId: number) => vlanIds.get(lanId) ?? -lanId;

  const byAsn = new Map<number, IxfAddressRow[]>();
  for (const row of rows.addresses) {
    const list = byAsn.get(row.asn) ?? [];
    list.push(row);
    byAsn.set(row.asn, list);
  }

  return {
    version: IXF_VERSION,
    timestamp: ixfTime(now),
    ixp_list: [
      {
        ixp_id: settings.ixpId,
        ...(settings.ixfId !== null ? { ixf_id: settings.ixfId } : {}),
        shortname: settings.shortname,
        name: settings.name,
        country: settings.country,
        url: settings.url,
        ...(settings.peeringdbId ? { peeringdb_id: settings.peeringdbId } : {}),
        support_email: settings.supportEmail,
        ...settings.contacts,
        peering_policy_list: [...PEERING_POLICIES],
        switch: rows.switches.map((pop) => ({
          id: pop.id,
          name: pop.code,
          colo: pop.name,
          city: pop.city,
          country: pop.country,
          ...(pop.peeringdbFacilityId ? { pdb_facility_id: pop.peeringdbFacilityId } : {}),
        })),
        vlan: rows.lans.map((lan) => ({ id: lan.ixfVlanId, name: lan.name, ...prefixesOf(lan) })),
      },
    ],
    member_list: [...byAsn.keys()]
      .sort((a, b) => a - b)
      .map((asn) => memberEntry(settings, byAsn.get(asn)!, vlanIdOf)),
  };
}
