import {
  type AnyMySqlColumn,
  boolean,
  index,
  int,
  json,
  mysqlEnum,
  mysqlTable,
  primaryKey,
  smallint,
  tinyint,
  uniqueIndex,
  varchar,
} from "drizzle-orm/mysql-core";
import { ALLOCATION_SCHEMES, LOCATION_MODES, TUNNEL_TYPES } from "@/shared/enums";
import { createdAt, updatedAt, utcDatetime } from "./columns";

/** A POP. Adding one is a row here plus its offered tunnel types: never a schema change. */
export const locations = mysqlTable(
  "locations",
  {
    id: int("id").autoincrement().primaryKey(),
    code: varchar("code", { length: 16 }).notNull(),
    name: varchar("name", { length: 128 }).notNull(),
    city: varchar("city", { length: 128 }).notNull(),
    country: varchar("country", { length: 2 }).notNull(),
    /** Public tunnel-server endpoints that members point their tunnels at. */
    endpointIpv4: varchar("endpoint_ipv4", { length: 15 }),
    endpointIpv6: varchar("endpoint_ipv6", { length: 39 }),
    /** Management address Ansible uses to reach the tunnel server. */
    managementHost: varchar("management_host", { length: 255 }),
    mode: mysqlEnum("mode", LOCATION_MODES).notNull().default("full"),
    /** For a satellite: the full POP it hangs off. */
    uplinkLocationId: int("uplink_location_id").references((): AnyMySqlColumn => locations.id, {
      onDelete: "restrict",
    }),
    /** VNI the POP mesh uses between bridges. */
    meshVni: int("mesh_vni"),
    peeringdbFacilityId: int("peeringdb_facility_id"),
    active: boolean("active").notNull().default(true),
    /** LAN hygiene: lock member bridge ports to their registered MAC addresses (applied by the agent). */
    enforceRegisteredMacs: boolean("enforce_registered_macs").notNull().default(false),
    configChangedAt: utcDatetime("config_changed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("locations_code_uq").on(t.code)],
);

/** Which tunnel types a POP offers, with that type's parameters (e.g. VXLAN UDP port). */
export const locationTunnelTypes = mysqlTable(
  "location_tunnel_types",
  {
    locationId: int("location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "cascade" }),
    type: mysqlEnum("type", TUNNEL_TYPES).notNull(),
    params: json("params").$type<Record<string, unknown>>().notNull(),
    enabled: boolean("enabled").notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.type] })],
);

export const peeringLans = mysqlTable(
  "peering_lans",
  {
    id: int("id").autoincrement().primaryKey(),
    name: varchar("name", { length: 64 }).notNull(),
    ipv4Prefix: varchar("ipv4_prefix", { length: 18 }),
    ipv6Prefix: varchar("ipv6_prefix", { length: 43 }),
    allocationScheme: mysqlEnum("allocation_scheme", ALLOCATION_SCHEMES).notNull().default("sequential"),
    /** IX-F vlan id: unique per LAN in the export. */
    ixfVlanId: int("ixf_vlan_id").notNull(),
    /** 802.1Q tag on the IX bridge, if any. */
    vlanTag: smallint("vlan_tag"),
    mtu: smallint("mtu").notNull().default(1500),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("peering_lans_name_uq").on(t.name), uniqueIndex("peering_lans_ixf_vlan_uq").on(t.ixfVlanId)],
);

/** Address ranges on a LAN that are never handed to members (route servers, tunnel servers, monitoring). */
export const lanReservations = mysqlTable(
  "lan_reservations",
  {
    id: int("id").autoincrement().primaryKey(),
    lanId: int("lan_id")
      .notNull()
      .references(() => peeringLans.id, { onDelete: "cascade" }),
    family: tinyint("family").notNull(),
    firstAddress: varchar("first_address", { length: 39 }).notNull(),
    lastAddress: varchar("last_address", { length: 39 }).notNull(),
    purpose: varchar("purpose", { length: 128 }).notNull(),
  },
  (t) => [index("lan_reservations_lan_idx").on(t.lanId)],
);

export const routeServers = mysqlTable(
  "route_servers",
  {
    id: int("id").autoincrement().primaryKey(),
    name: varchar("name", { length: 64 }).notNull(),
    locationId: int("location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "restrict" }),
    lanId: int("lan_id")
      .notNull()
      .references(() => peeringLans.id, { onDelete: "restrict" }),
    asn: int("asn", { unsigned: true }).notNull(),
    routerId: varchar("router_id", { length: 15 }).notNull(),
    ipv4Address: varchar("ipv4_address", { length: 15 }),
    ipv6Address: varchar("ipv6_address", { length: 39 }),
    /** How to reach BIRD: a local control socket path, or over SSH. */
    controlSocket: varchar("control_socket", { length: 255 }).notNull().default("/run/bird/bird.ctl"),
    sshHost: varchar("ssh_host", { length: 255 }),
    sshUser: varchar("ssh_user", { length: 64 }),
    active: boolean("active").notNull().default(true),
    configChangedAt: utcDatetime("config_changed_at"),
    lastDeployedAt: utcDatetime("last_deployed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("route_servers_name_uq").on(t.name)],
);

/**
 * ASNs that must never appear in a path learnt via the route servers: networks that set PeeringDB's
 * info_never_via_route_servers flag (refreshed with the IRR job when RS_NEVER_VIA_ROUTE_SERVERS=peeringdb).
 */
export const neverViaRouteServersAsns = mysqlTable("never_via_route_servers_asns", {
  asn: int("asn", { unsigned: true }).primaryKey(),
  source: varchar("source", { length: 64 }).notNull(),
  fetchedAt: utcDatetime("fetched_at").notNull(),
});

/**
 * Routes a route server's import policy rejected, per reason and family, as the sessions job last counted
 * them in BIRD (each rejected route is kept and tagged with its reason, src/server/routeserver/policy.ts).
 */
export const routeServerFilteredRoutes = mysqlTable(
  "route_server_filtered_routes",
  {
    routeServerId: int("route_server_id")
      .notNull()
      .references(() => routeServers.id, { onDelete: "cascade" }),
    family: tinyint("family").notNull(),
    /** A key of REJECT_REASONS, e.g. IRR_PREFIX. */
    reason: varchar("reason", { length: 32 }).notNull(),
    routes: int("routes", { unsigned: true }).notNull(),
    checkedAt: utcDatetime("checked_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.routeServerId, t.family, t.reason] })],
);

export type Location = typeof locations.$inferSelect;
export type NewLocation = typeof locations.$inferInsert;
export type LocationTunnelType = typeof locationTunnelTypes.$inferSelect;
export type PeeringLan = typeof peeringLans.$inferSelect;
export type NewPeeringLan = typeof peeringLans.$inferInsert;
export type LanReservation = typeof lanReservations.$inferSelect;
export type RouteServer = typeof routeServers.$inferSelect;
export type NewRouteServer = typeof routeServers.$inferInsert;
