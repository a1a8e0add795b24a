import ipaddr from "ipaddr.js";
import type { LifecycleState, RequestState, TunnelType } from "@/shared/enums";

/**
 * IX-API 2.x resources built from a snapshot of the IX (pure: rows in, JSON out). Field names and the
 * state vocabulary follow the IX-API schema; docs/IX-API.md lists where this IX deviates.
 */

/** The account of the IX itself: it manages the exchange LAN, its offerings and features. */
export const IX_ACCOUNT_ID = "ix";

export interface IxSnapshot {
  ix: { name: string; shortName: string; peeringdbId: number | null; ixfId: number | null };
  lans: { id: number; name: string; ipv4Prefix: string | null; ipv6Prefix: string | null; vlanTag: number | null; active: boolean }[];
  locations: { id: number; code: string; name: string; city: string; country: string; peeringdbFacilityId: number | null; active: boolean }[];
  routeServers: { id: number; name: string; lanId: number; asn: number; ipv4Address: string | null; ipv6Address: string | null; active: boolean }[];
  clients: { id: number; name: string; contactName: string | null; contactEmail: string; contactPhone: string | null; nocEmail: string | null; state: LifecycleState }[];
  asns: { id: number; asn: number; clientId: number }[];
  connections: { id: number; clientId: number; locationId: number; type: TunnelType; macAddresses: string[]; ifSpeedMbps: number | null; state: LifecycleState }[];
  ips: { id: number; lanId: number; family: number; address: string; asnId: number; connectionId: number | null; state: LifecycleState; deprovisionedAt: Date | null }[];
  openRequests: { id: number; asn: number; contactEmail: string; locationId: number; tunnelType: TunnelType; state: RequestState; createdAt: Date }[];
}

/** What a principal may see: everything (volunteers), or one account's objects (members). */
export type Visibility = { all: true } | { all: false; clientId: number };

type Json = Record<string, unknown>;

const sees = (visibility: Visibility, clientId: number | null) => visibility.all || clientId === visibility.clientId;

/** Rows by a key, so per-row lookups stay linear at thousands of members. */
function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** A metro area per city our POPs are in: "de-berlin". */
export const metroAreaId = (location: { country: string; city: string }) => `${location.country.toLowerCase()}-${slug(location.city)}`;

function metroAreas(snapshot: IxSnapshot) {
  const areas = new Map<string, { id: string; city: string; country: string; locationIds: string[] }>();
  for (const location of snapshot.locations.filter((l) => l.active)) {
    const id = metroAreaId(location);
    const area = areas.get(id) ?? { id, city: location.city, country: location.country, locationIds: [] };
    area.locationIds.push(String(location.id));
    areas.set(id, area);
  }
  return [...areas.values()];
}

export function serializeMetroAreas(snapshot: IxSnapshot): Json[] {
  return metroAreas(snapshot).map((area) => ({
    id: area.id,
    un_locode: "",
    iata_code: "",
    display_name: area.city,
    facilities: area.locationIds,
    metro_area_networks: [area.id],
  }));
}

export function serializeMetroAreaNetworks(snapshot: IxSnapshot): Json[] {
  return metroAreas(snapshot).map((area) => ({
    id: area.id,
    name: `${snapshot.ix.shortName}-${area.city}`.slice(0, 32),
    metro_area: area.id,
    service_provider: snapshot.ix.name.slice(0, 128),
    pops: area.locationIds,
  }));
}

/** A POP is both the facility (where it is) and the point of presence (our switch/bridge there). */
export function serializeFacilities(snapshot: IxSnapshot): Json[] {
  return snapshot.locations
    .filter((l) => l.active)
    .map((location) => ({
      id: String(location.id),
      name: location.name.slice(0, 80),
      metro_area: metroAreaId(location),
      address_country: location.country,
      address_locality: location.city.slice(0, 80),
      address_region: "",
      postal_code: "",
      street_address: "",
      organisation_name: location.name.slice(0, 80),
      pops: [String(location.id)],
      peeringdb_facility_id: location.peeringdbFacilityId,
    }));
}

export function serializePops(snapshot: IxSnapshot): Json[] {
  return snapshot.locations
    .filter((l) => l.active)
    .map((location) => ({
      id: String(location.id),
      name: location.code,
      facility: String(location.id),
      metro_area_network: metroAreaId(location),
      devices: [],
    }));
}

const lanState = (active: boolean): LifecycleState => (active ? "production" : "decommissioned");
const firstMetroArea = (snapshot: IxSnapshot) => metroAreas(snapshot)[0]?.id ?? "";

export function serializeNetworkServices(snapshot: IxSnapshot): Json[] {
  return snapshot.lans.map((lan) => ({
    id: String(lan.id),
    type: "exchange_lan",
    state: lanState(lan.active),
    status: [],
    managing_account: IX_ACCOUNT_ID,
    consuming_account: IX_ACCOUNT_ID,
    name: lan.name.slice(0, 40),
    metro_area_network: firstMetroArea(snapshot),
    product_offering: String(lan.id),
    network_features: snapshot.routeServers.filter((rs) => rs.lanId === lan.id && rs.active).map((rs) => String(rs.id)),
    nsc_required_contact_roles: [],
    subnet_v4: lan.ipv4Prefix,
    subnet_v6: lan.ipv6Prefix,
    peeringdb_ixid: snapshot.ix.peeringdbId,
    ixfdb_ixid: snapshot.ix.ixfId,
  }));
}

export function serializeProductOfferings(snapshot: IxSnapshot): Json[] {
  const metro = firstMetroArea(snapshot);
  return snapshot.lans
    .filter((lan) => lan.active)
    .map((lan) => ({
      id: String(lan.id),
      type: "exchange_lan",
      name: `${snapshot.ix.shortName} ${lan.name}`.slice(0, 160),
      display_name: `${snapshot.ix.name}: ${lan.name}`.slice(0, 256),
      provider_vlans: "single",
      resource_type: "network_service",
      handover_metro_area_network: metro,
      handover_metro_area: metro,
      service_metro_area_network: metro,
      service_metro_area: metro,
      bandwidth_min: null,
      bandwidth_max: null,
      physical_port_speed: null,
      service_provider: snapshot.ix.name,
      downgrade_allowed: false,
      upgrade_allowed: false,
      exchange_lan_network_service: String(lan.id),
    }));
}

export function serializeNetworkFeatures(snapshot: IxSnapshot): Json[] {
  return snapshot.routeServers
    .filter((rs) => rs.active)
    .map((rs) => ({
      id: String(rs.id),
      type: "route_server",
      name: rs.name.slice(0, 80),
      required: false,
      nfc_required_contact_roles: [],
      flags: [],
      network_service: String(rs.lanId),
      asn: rs.asn,
      fqdn: "",
      looking_glass_url: null,
      address_families: [...(rs.ipv4Address ? ["af_inet"] : []), ...(rs.ipv6Address ? ["af_inet6"] : [])],
      session_mode: "public",
      available_bgp_session_types: ["passive"],
      ip_v4: rs.ipv4Address,
      ip_v6: rs.ipv6Address,
    }));
}

export function serializeAccounts(snapshot: IxSnapshot, visibility: Visibility): Json[] {
  const ix = {
    id: IX_ACCOUNT_ID,
    state: "production",
    status: [],
    managing_account: null,
    name: snapshot.ix.name.slice(0, 80),
    legal_name: null,
    billing_information: null,
    external_ref: null,
    discoverable: true,
    metro_area_network_presence: metroAreas(snapshot).map((a) => a.id),
  };
  const locationById = new Map(snapshot.locations.map((l) => [l.id, l]));
  const connectionsOf = groupBy(snapshot.connections, (c) => c.clientId);
  const members = snapshot.clients
    .filter((client) => sees(visibility, client.id))
    .map((client) => ({
      id: String(client.id),
      state: client.state,
      status: [],
      managing_account: IX_ACCOUNT_ID,
      name: client.name.slice(0, 80),
      legal_name: null,
      billing_information: null,
      external_ref: null,
      discoverable: true,
      metro_area_network_presence: [
        ...new Set(
          (connectionsOf.get(client.id) ?? [])
            .map((c) => locationById.get(c.locationId))
            .filter((l) => l !== undefined)
            .map(metroAreaId),
        ),
      ],
    }));
  return [ix, ...members];
}

/** Roles as IX-API names them; the primary contact does implementation and peering, the NOC address noc. */
export const ROLES = [
  { id: "implementation", name: "implementation", required_fields: ["name", "email"] },
  { id: "noc", name: "noc", required_fields: ["email"] },
  { id: "peering", name: "peering", required_fields: ["email"] },
];

function contactsOf(client: IxSnapshot["clients"][number]) {
  const account = String(client.id);
  const primary = {
    contact: { id: `${client.id}-primary`, managing_account: account, consuming_account: account, external_ref: null, name: client.contactName ?? client.name, telephone: client.contactPhone, email: client.contactEmail },
    roles: client.nocEmail ? ["implementation", "peering"] : ["implementation", "noc", "peering"],
  };
  if (!client.nocEmail) return [primary];
  return [primary, { contact: { id: `${client.id}-noc`, managing_account: account, consuming_account: account, external_ref: null, name: "NOC", telephone: null, email: client.nocEmail }, roles: ["noc"] }];
}

export function serializeContacts(snapshot: IxSnapshot, visibility: Visibility): Json[] {
  return snapshot.clients.filter((c) => sees(visibility, c.id)).flatMap((client) => contactsOf(client).map((c) => c.contact));
}

const roleAssignmentsOf = (client: IxSnapshot["clients"][number]) =>
  contactsOf(client).flatMap(({ contact, roles }) => roles.map((role) => ({ id: `${contact.id}-${role}`, role, contact: contact.id })));

export function serializeRoleAssignments(snapshot: IxSnapshot, visibility: Visibility): Json[] {
  return snapshot.clients.filter((c) => sees(visibility, c.id)).flatMap(roleAssignmentsOf);
}

function prefixLength(snapshot: IxSnapshot, lanId: number, family: number): number {
  const lan = snapshot.lans.find((l) => l.id === lanId);
  const prefix = family === 4 ? lan?.ipv4Prefix : lan?.ipv6Prefix;
  return prefix ? ipaddr.parseCIDR(prefix)[1] : family === 4 ? 32 : 128;
}

export function serializeIps(snapshot: IxSnapshot, visibility: Visibility): Json[] {
  const clientOfAsn = new Map(snapshot.asns.map((a) => [a.id, a.clientId]));
  const lengths = new Map<string, number>();
  const lengthOf = (lanId: number, family: number) => {
    const key = `${lanId}/${family}`;
    if (!lengths.has(key)) lengths.set(key, prefixLength(snapshot, lanId, family));
    return lengths.get(key)!;
  };
  return snapshot.ips.flatMap((ip) => {
    const clientId = clientOfAsn.get(ip.asnId) ?? null;
    if (clientId === null || !sees(visibility, clientId)) return [];
    return [
      {
        id: String(ip.id),
        managing_account: String(clientId),
        consuming_account: String(clientId),
        external_ref: null,
        version: ip.family,
        address: ip.address,
        prefix_length: lengthOf(ip.lanId, ip.family),
        fqdn: null,
        valid_not_before: null,
        valid_not_after: ip.deprovisionedAt ? ip.deprovisionedAt.toISOString() : null,
      },
    ];
  });
}

const macId = (connectionId: number, mac: string) => `${connectionId}-${mac.toLowerCase().replace(/[^0-9a-f]/g, "")}`;

export function serializeMacs(snapshot: IxSnapshot, visibility: Visibility): Json[] {
  return snapshot.connections
    .filter((c) => sees(visibility, c.clientId))
    .flatMap((connection) =>
      connection.macAddresses.map((mac) => ({
        id: macId(connection.id, mac),
        managing_account: String(connection.clientId),
        consuming_account: String(connection.clientId),
        external_ref: null,
        address: mac.toLowerCase(),
        valid_not_before: null,
        valid_not_after: null,
      })),
    );
}

/** The open request a config stands for: its id is request-<id> until a volunteer approves it. */
export const requestConfigId = (requestId: number) => `request-${requestId}`;

/** The account an open request belongs to: the owner of its ASN, else the client with its contact email. */
export function requestAccount(snapshot: IxSnapshot, request: { asn: number; contactEmail: string }): number | null {
  const byAsn = snapshot.asns.find((a) => a.asn === request.asn)?.clientId;
  if (byAsn !== undefined) return byAsn;
  return snapshot.clients.find((c) => c.contactEmail.toLowerCase() === request.contactEmail.toLowerCase())?.id ?? null;
}

/**
 * A member's connection on a LAN is one exchange_lan network service config (id "<connection>-<lan>"),
 * its state the connection's lifecycle state; open requests are configs in state "requested".
 */
export function serializeNetworkServiceConfigs(snapshot: IxSnapshot, visibility: Visibility): Json[] {
  const defaultLan = snapshot.lans.find((l) => l.active) ?? snapshot.lans[0];
  const vlanConfig = (lanId: number) => {
    const tag = snapshot.lans.find((l) => l.id === lanId)?.vlanTag;
    return tag ? { vlan_type: "dot1q", vlan: tag, vlan_ethertype: "0x8100" } : { vlan_type: "port" };
  };
  const clientById = new Map(snapshot.clients.map((c) => [c.id, c]));
  const roleAssignments = (clientId: number) => {
    const client = clientById.get(clientId);
    return client ? roleAssignmentsOf(client).map((assignment) => assignment.id) : [];
  };
  const asnById = new Map(snapshot.asns.map((a) => [a.id, a.asn]));
  const ipsOf = groupBy(snapshot.ips, (ip) => ip.connectionId);
  /** The fields every config has alike: one account manages, consumes and pays; nothing this IX does not track. */
  const config = (account: string | null, fields: Json): Json => ({
    type: "exchange_lan",
    managing_account: account,
    consuming_account: account,
    billing_account: account,
    listed: true,
    external_ref: null,
    purchase_order: "",
    contract_ref: null,
    network_feature_configs: [],
    ...fields,
  });

  const configs = snapshot.connections
    .filter((c) => sees(visibility, c.clientId))
    .flatMap((connection) => {
      const onConnection = ipsOf.get(connection.id) ?? [];
      const lanIds = [...new Set(onConnection.map((ip) => ip.lanId))];
      if (lanIds.length === 0 && defaultLan) lanIds.push(defaultLan.id);
      const account = String(connection.clientId);
      return lanIds.map((lanId) => {
        const lanIps = onConnection.filter((ip) => ip.lanId === lanId);
        const asnNumbers = [...new Set(lanIps.map((ip) => asnById.get(ip.asnId)).filter((asn) => asn !== undefined))];
        return config(account, {
          id: `${connection.id}-${lanId}`,
          state: connection.state,
          status: [],
          network_service: String(lanId),
          product_offering: String(lanId),
          role_assignments: roleAssignments(connection.clientId),
          connection: String(connection.id),
          vlan_config: vlanConfig(lanId),
          asns: asnNumbers,
          ips: lanIps.map((ip) => String(ip.id)),
          macs: connection.macAddresses.map((mac) => macId(connection.id, mac)),
          capacity: connection.ifSpeedMbps,
          pop: String(connection.locationId),
          tunnel_type: connection.type,
        });
      });
    });

  const requested = snapshot.openRequests.flatMap((request) => {
    const clientId = requestAccount(snapshot, request);
    if (!visibility.all && clientId !== visibility.clientId) return [];
    const account = clientId === null ? null : String(clientId);
    return [
      config(account, {
        id: requestConfigId(request.id),
        state: "requested",
        status: [
          {
            severity: 6,
            tag: request.state === "unverified" ? "awaiting_email_confirmation" : "awaiting_review",
            message:
              request.state === "unverified"
                ? "waiting for the contact to open the confirmation link we emailed"
                : "confirmed; waiting for a volunteer to review it",
            attrs: {},
            timestamp: request.createdAt.toISOString(),
          },
        ],
        network_service: defaultLan ? String(defaultLan.id) : null,
        product_offering: defaultLan ? String(defaultLan.id) : null,
        role_assignments: clientId === null ? [] : roleAssignments(clientId),
        connection: null,
        vlan_config: defaultLan ? vlanConfig(defaultLan.id) : { vlan_type: "port" },
        asns: [request.asn],
        ips: [],
        macs: [],
        capacity: null,
        pop: String(request.locationId),
        tunnel_type: request.tunnelType,
      }),
    ];
  });
  return [...configs, ...requested];
}

/**
 * IX-API list filters: `id` takes a comma-separated list; any other top-level field filters by equality
 * (a list field matches when it contains the value), `<field>__is_not` excludes. Unknown names are ignored.
 */
export function filterCollection(items: Json[], query: URLSearchParams): Json[] {
  let result = items;
  for (const [name, value] of query) {
    if (name === "id") {
      const ids = new Set(value.split(","));
      result = result.filter((item) => ids.has(String(item.id)));
      continue;
    }
    const negated = name.endsWith("__is_not");
    const field = negated ? name.slice(0, -"__is_not".length) : name;
    if (!items.some((item) => field in item)) continue;
    result = result.filter((item) => {
      const current = item[field];
      const matches = Array.isArray(current) ? current.map(String).includes(value) : String(current) === value;
      return negated ? !matches : matches;
    });
  }
  return result;
}
