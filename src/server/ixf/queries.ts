import { asc, eq } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, clients, connections, ips, locations, peeringLans } from "@/server/db/schema";
import { env } from "@/server/env";
import { locationPlaceColumns } from "@/server/directory/locations";
import { publishedContactEmails } from "@/server/directory/public-members";
import type { TunnelType } from "@/shared/enums";
import type { IxfRows, IxfSettings } from "./rows";

/**
 * The if_speed (Mbit/s) a connection gets in the export when neither the connection nor IXF_IF_SPEED_MBPS sets one:
 * a port at the POP is a 10G port; tunnels carry what the tunnel servers' uplinks and daemons usually sustain.
 */
export const DEFAULT_IF_SPEED_MBPS: Record<TunnelType, number> = {
  vxlan: 1000,
  eoip: 1000,
  openvpn: 100,
  zerotier: 100,
  local: 10000,
  custom: 1000,
};

/** The IX's own IX-F identity and contacts, from the environment. */
export function ixfSettings(): IxfSettings {
  const config = env();
  const contacts = {
    support_phone: config.IX_SUPPORT_PHONE,
    support_contact_hours: config.IX_SUPPORT_HOURS,
    emergency_email: config.IX_EMERGENCY_EMAIL,
    emergency_phone: config.IX_EMERGENCY_PHONE,
    billing_email: config.IX_BILLING_EMAIL,
  };
  return {
    ixpId: config.IXF_IXP_ID,
    ixfId: config.IXF_ID ?? null,
    shortname: config.IX_SHORTNAME,
    name: config.IX_NAME,
    country: config.IX_COUNTRY,
    url: config.IX_URL,
    supportEmail: config.IX_SUPPORT_EMAIL,
    contacts: Object.fromEntries(Object.entries(contacts).filter(([, value]) => value !== undefined)),
    peeringdbId: config.IX_PEERINGDB_ID ?? null,
    ifSpeedMbps: { ...DEFAULT_IF_SPEED_MBPS, ...config.IXF_IF_SPEED_MBPS },
  };
}

/** What an operator should fix in the IX-F settings, as sentences for the admin dashboard. */
export function ixfSettingsWarnings(settings: IxfSettings = ixfSettings()): string[] {
  if (settings.ixfId !== null) return [];
  return [
    "IXF_ID is not set, so the IX-F export leaves out ixf_id, which the IX-F schema requires and importers such as PeeringDB use to recognise the IX. Look the IX up (or register it) at https://db.ix-f.net and set IXF_ID to its id.",
  ];
}

/**
 * Everything the export shows, and nothing else: active POPs and LANs, provisioned addresses only,
 * and contact emails only of clients that did not mark them private.
 */
export async function loadIxfRows(db: Executor): Promise<IxfRows> {
  const switches = await db
    .select({ ...locationPlaceColumns, peeringdbFacilityId: locations.peeringdbFacilityId })
    .from(locations)
    .where(eq(locations.active, true))
    .orderBy(asc(locations.id));

  const lans = await db
    .select({
      id: peeringLans.id,
      name: peeringLans.name,
      ixfVlanId: peeringLans.ixfVlanId,
      ipv4Prefix: peeringLans.ipv4Prefix,
      ipv6Prefix: peeringLans.ipv6Prefix,
    })
    .from(peeringLans)
    .where(eq(peeringLans.active, true))
    .orderBy(asc(peeringLans.ixfVlanId));

  const rows = await db
    .select({
      ipId: ips.id,
      family: ips.family,
      address: ips.address,
      lanId: ips.lanId,
      asn: asns.asn,
      asSet: asns.asSet,
      maxPrefixV4: asns.maxPrefixV4,
      maxPrefixV6: asns.maxPrefixV6,
      rsClient: asns.rsClient,
      clientId: clients.id,
      clientName: clients.name,
      website: clients.website,
      contactEmail: clients.contactEmail,
      nocEmail: clients.nocEmail,
      contactPrivate: clients.contactPrivate,
      peeringPolicy: clients.peeringPolicy,
      memberType: clients.memberType,
      memberSince: clients.createdAt,
      connectionId: connections.id,
      locationId: connections.locationId,
      connectionType: connections.type,
      connectionState: connections.state,
      connectedSince: connections.createdAt,
      macAddresses: connections.macAddresses,
      ifSpeedMbps: connections.ifSpeedMbps,
    })
    .from(ips)
    .innerJoin(asns, eq(asns.id, ips.asnId))
    .innerJoin(clients, eq(clients.id, asns.clientId))
    .leftJoin(connections, eq(connections.id, ips.connectionId))
    .where(eq(ips.provisioned, true))
    .orderBy(asc(asns.asn), asc(connections.id), asc(ips.family), asc(ips.id));

  return {
    switches,
    lans,
    addresses: rows.map(({ contactEmail, nocEmail, contactPrivate, macAddresses, ...row }) => ({
      ...row,
      contactEmails: publishedContactEmails({ contactEmail, nocEmail, contactPrivate }),
      macAddresses: macAddresses ?? [],
    })),
  };
}
