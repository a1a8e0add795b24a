import { index, int, mysqlEnum, mysqlTable, primaryKey, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { LAN_FINDING_KINDS } from "@/shared/enums";
import { utcDatetime } from "./columns";
import { clients, connections } from "./members";
import { locations } from "./network";

/**
 * Something wrong on a POP's IX bridge, as the LAN watcher saw it. One row per POP, kind, port, MAC and IP
 * ("" when the kind has none): seeing it again moves last_seen_at (and reopens it if it was resolved).
 */
export const lanFindings = mysqlTable(
  "lan_findings",
  {
    id: int("id").autoincrement().primaryKey(),
    locationId: int("location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "cascade" }),
    kind: mysqlEnum("kind", LAN_FINDING_KINDS).notNull(),
    /** The bridge port the frame came in on ("" when the bridge had not learned it). */
    port: varchar("port", { length: 15 }).notNull(),
    mac: varchar("mac", { length: 17 }).notNull(),
    ip: varchar("ip", { length: 39 }).notNull(),
    /** What exactly was seen, for people (e.g. "10.0.0.5 belongs to AS64500"). */
    detail: varchar("detail", { length: 255 }).notNull(),
    /** The member responsible (the one on the port), when known: their diagnostics and email. */
    clientId: int("client_id").references(() => clients.id, { onDelete: "set null" }),
    connectionId: int("connection_id").references(() => connections.id, { onDelete: "set null" }),
    firstSeenAt: utcDatetime("first_seen_at").notNull(),
    lastSeenAt: utcDatetime("last_seen_at").notNull(),
    resolvedAt: utcDatetime("resolved_at"),
  },
  (t) => [
    uniqueIndex("lan_findings_uq").on(t.locationId, t.kind, t.port, t.mac, t.ip),
    index("lan_findings_client_idx").on(t.clientId),
    index("lan_findings_open_idx").on(t.resolvedAt, t.kind),
  ],
);

/** Which MAC claimed which IP (ARP/ND) on a POP's bridge, and when last: duplicate IPs and proxy-ARP need history. */
export const lanSightings = mysqlTable(
  "lan_sightings",
  {
    locationId: int("location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "cascade" }),
    mac: varchar("mac", { length: 17 }).notNull(),
    ip: varchar("ip", { length: 39 }).notNull(),
    port: varchar("port", { length: 15 }).notNull(),
    lastSeenAt: utcDatetime("last_seen_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.mac, t.ip] }), index("lan_sightings_ip_idx").on(t.locationId, t.ip)],
);

export type LanFinding = typeof lanFindings.$inferSelect;
