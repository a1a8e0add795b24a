import {
  bigint,
  boolean,
  index,
  int,
  json,
  longtext,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  text,
  tinyint,
  uniqueIndex,
  varchar,
} from "drizzle-orm/mysql-core";
import { BGP_SESSION_STATES, MEMBER_TYPES, PEERING_POLICIES, TUNNEL_TYPES } from "@/shared/enums";
import { createdAt, lifecycleState, updatedAt, utcDatetime } from "./columns";
import { locations, peeringLans, routeServers } from "./network";

/** A person or company that peers at the IX. Has ASNs and connections. */
export const clients = mysqlTable(
  "clients",
  {
    id: int("id").autoincrement().primaryKey(),
    name: varchar("name", { length: 255 }).notNull(),
    website: varchar("website", { length: 255 }),
    contactName: varchar("contact_name", { length: 255 }),
    contactEmail: varchar("contact_email", { length: 255 }).notNull(),
    contactPhone: varchar("contact_phone", { length: 64 }),
    nocEmail: varchar("noc_email", { length: 255 }),
    /** When set (the default), contact details never leave the portal (IX-F export, public pages). */
    contactPrivate: boolean("contact_private").notNull().default(true),
    peeringPolicy: mysqlEnum("peering_policy", PEERING_POLICIES).notNull().default("open"),
    memberType: mysqlEnum("member_type", MEMBER_TYPES).notNull().default("peering"),
    state: lifecycleState(),
    notes: text("notes"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("clients_contact_email_idx").on(t.contactEmail),
    index("clients_name_idx").on(t.name),
    // The admin members table filters by state and sorts by name or creation on the server.
    index("clients_state_name_idx").on(t.state, t.name),
    index("clients_created_idx").on(t.createdAt),
    // The public directory's change check (src/server/directory/peer-index.ts) reads the newest updated_at.
    index("clients_updated_idx").on(t.updatedAt),
  ],
);

/** An ASN belongs to exactly one client. */
export const asns = mysqlTable(
  "asns",
  {
    id: int("id").autoincrement().primaryKey(),
    asn: int("asn", { unsigned: true }).notNull(),
    clientId: int("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "restrict" }),
    asSet: varchar("as_set", { length: 128 }),
    irrSource: varchar("irr_source", { length: 64 }),
    maxPrefixV4: int("max_prefix_v4", { unsigned: true }),
    maxPrefixV6: int("max_prefix_v6", { unsigned: true }),
    /** Prefix counts the network publishes on PeeringDB (info_prefixes4/6), refreshed with the IRR job. */
    peeringdbPrefixesV4: int("peeringdb_prefixes_v4", { unsigned: true }),
    peeringdbPrefixesV6: int("peeringdb_prefixes_v6", { unsigned: true }),
    rsClient: boolean("rs_client").notNull().default(true),
    /** RFC 7999 blackholing opt-in. */
    blackholeOptIn: boolean("blackhole_opt_in").notNull().default(false),
    peeringdbNetId: int("peeringdb_net_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("asns_asn_uq").on(t.asn), index("asns_client_idx").on(t.clientId), index("asns_updated_idx").on(t.updatedAt)],
);

/** IRR prefix list for one ASN and family, as last fetched (bgpq4) or entered. */
export const irrPrefixSets = mysqlTable(
  "irr_prefix_sets",
  {
    asnId: int("asn_id")
      .notNull()
      .references(() => asns.id, { onDelete: "cascade" }),
    family: tinyint("family").notNull(),
    /** JSON array of { prefix, ge?, le? } entries. */
    prefixes: longtext("prefixes").notNull(),
    source: varchar("source", { length: 128 }).notNull(),
    /** Origin ASNs the AS-SET expands to (bgpq4 -t), for the route servers' origin check. */
    originAsns: json("origin_asns").$type<number[]>(),
    fetchedAt: utcDatetime("fetched_at").notNull(),
    lastError: text("last_error"),
  },
  (t) => [primaryKey({ columns: [t.asnId, t.family] })],
);

/** A layer-2 tunnel (or port) of a client at a POP. Independent of ASNs and IPs. */
export const connections = mysqlTable(
  "connections",
  {
    id: int("id").autoincrement().primaryKey(),
    clientId: int("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "restrict" }),
    locationId: int("location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "restrict" }),
    type: mysqlEnum("type", TUNNEL_TYPES).notNull(),
    /** VNI for VXLAN, tunnel id for EoIP, sequence number otherwise; null for local/custom. */
    tunnelId: int("tunnel_id", { unsigned: true }),
    /** Member's underlay endpoint: an IP address, or a ZeroTier node id. */
    remoteEndpoint: varchar("remote_endpoint", { length: 64 }),
    params: json("params").$type<Record<string, unknown>>().notNull(),
    macAddresses: json("mac_addresses").$type<string[]>().notNull(),
    /** if_speed in the IX-F export (Mbit/s); null: the default for the tunnel type (IXF_IF_SPEED_MBPS). */
    ifSpeedMbps: int("if_speed_mbps", { unsigned: true }),
    state: lifecycleState(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("connections_tunnel_uq").on(t.locationId, t.type, t.tunnelId),
    index("connections_client_idx").on(t.clientId),
    index("connections_updated_idx").on(t.updatedAt),
  ],
);

/**
 * An address on a peering LAN, allocated to one ASN.
 * provisioned: BGP sessions are configured and the IP is shown publicly.
 * monitor: eligible for warnings and automatic deprovisioning.
 */
export const ips = mysqlTable(
  "ips",
  {
    id: int("id").autoincrement().primaryKey(),
    lanId: int("lan_id")
      .notNull()
      .references(() => peeringLans.id, { onDelete: "restrict" }),
    family: tinyint("family").notNull(),
    /** Canonical text form (ipaddr.js toString / toNormalizedString for v4), unique across the IX. */
    address: varchar("address", { length: 39 }).notNull(),
    asnId: int("asn_id")
      .notNull()
      .references(() => asns.id, { onDelete: "restrict" }),
    /** The tunnel that carries this address, when known. */
    connectionId: int("connection_id").references(() => connections.id, { onDelete: "set null" }),
    state: lifecycleState(),
    monitor: boolean("monitor").notNull().default(true),
    provisioned: boolean("provisioned").notNull().default(false),
    /** null until the address has been probed once. */
    pingable: boolean("pingable"),
    lastSeenUpAt: utcDatetime("last_seen_up_at"),
    pingDownSince: utcDatetime("ping_down_since"),
    /** Aggregate over the route servers: up if any session is established. */
    rsSession: mysqlEnum("rs_session", BGP_SESSION_STATES).notNull().default("unknown"),
    rsSessionDownSince: utcDatetime("rs_session_down_since"),
    rsSessionLastUpAt: utcDatetime("rs_session_last_up_at"),
    deprovisionedAt: utcDatetime("deprovisioned_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("ips_address_uq").on(t.address),
    index("ips_asn_idx").on(t.asnId),
    index("ips_lan_family_idx").on(t.lanId, t.family),
    index("ips_updated_idx").on(t.updatedAt),
  ],
);

/** Per route server BGP session of one member IP, as last read from BIRD. */
export const ipRouteServerSessions = mysqlTable(
  "ip_route_server_sessions",
  {
    ipId: int("ip_id")
      .notNull()
      .references(() => ips.id, { onDelete: "cascade" }),
    routeServerId: int("route_server_id")
      .notNull()
      .references(() => routeServers.id, { onDelete: "cascade" }),
    state: mysqlEnum("state", BGP_SESSION_STATES).notNull().default("unknown"),
    /** BIRD's protocol state text, e.g. "Established" or "Active". */
    bgpState: varchar("bgp_state", { length: 32 }),
    since: utcDatetime("since"),
    lastError: varchar("last_error", { length: 255 }),
    routesImported: int("routes_imported", { unsigned: true }),
    routesFiltered: int("routes_filtered", { unsigned: true }),
    routesExported: int("routes_exported", { unsigned: true }),
    checkedAt: utcDatetime("checked_at").notNull(),
  },
  // checked_at: the home page's prefix sums are kept until the next session check (src/server/directory/figures.ts).
  (t) => [primaryKey({ columns: [t.ipId, t.routeServerId] }), index("ip_rs_sessions_checked_idx").on(t.checkedAt)],
);

/** Monotonic counter per table the allocator uses to serialise concurrent approvals. */
export const allocationLocks = mysqlTable("allocation_locks", {
  name: varchar("name", { length: 64 }).primaryKey(),
  version: bigint("version", { mode: "number", unsigned: true }).notNull().default(0),
});

export type Client = typeof clients.$inferSelect;
export type NewClient = typeof clients.$inferInsert;
export type Asn = typeof asns.$inferSelect;
export type NewAsn = typeof asns.$inferInsert;
export type IrrPrefixSet = typeof irrPrefixSets.$inferSelect;
export type Connection = typeof connections.$inferSelect;
export type NewConnection = typeof connections.$inferInsert;
export type Ip = typeof ips.$inferSelect;
export type NewIp = typeof ips.$inferInsert;
export type IpRouteServerSession = typeof ipRouteServerSessions.$inferSelect;
