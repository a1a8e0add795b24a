import { char, int, mediumtext, mysqlTable, varchar } from "drizzle-orm/mysql-core";
import { utcDatetime } from "./columns";

/** Each reverse zone as last rendered: the serial only moves when the hash of its records changes. */
export const dnsZones = mysqlTable("dns_zones", {
  /** The zone's name without the final dot, e.g. 2.0.192.in-addr.arpa. */
  name: varchar("name", { length: 255 }).primaryKey(),
  /** SHA-256 of the zone text rendered with serial 0. */
  contentHash: char("content_hash", { length: 64 }).notNull(),
  serial: int("serial", { unsigned: true }).notNull(),
  changedAt: utcDatetime("changed_at").notNull(),
});

/** The IX's registry objects (AS-SET, the route servers' aut-num) as last submitted to the IRR. */
export const registryObjects = mysqlTable("registry_objects", {
  /** "as-set" or "aut-num". */
  kind: varchar("kind", { length: 16 }).primaryKey(),
  publishedText: mediumtext("published_text").notNull(),
  publishedAt: utcDatetime("published_at").notNull(),
  publishedBy: varchar("published_by", { length: 255 }).notNull(),
});

export type DnsZoneRow = typeof dnsZones.$inferSelect;
export type RegistryObjectRow = typeof registryObjects.$inferSelect;
