import { index, int, mysqlEnum, mysqlTable, text, varchar } from "drizzle-orm/mysql-core";
import { MAINTENANCE_SCOPES } from "@/shared/enums";
import { createdAt, updatedAt, utcDatetime } from "./columns";
import { locations, routeServers } from "./network";

/**
 * A planned maintenance of one POP, one route server or the whole IX. The *At markers record what the
 * maintenance job has already done, so each step (config re-render, email round) happens once.
 */
export const maintenanceWindows = mysqlTable(
  "maintenance_windows",
  {
    id: int("id").autoincrement().primaryKey(),
    scope: mysqlEnum("scope", MAINTENANCE_SCOPES).notNull(),
    /** Set for scope "pop". */
    locationId: int("location_id").references(() => locations.id, { onDelete: "restrict" }),
    /** Set for scope "route-server". */
    routeServerId: int("route_server_id").references(() => routeServers.id, { onDelete: "restrict" }),
    startsAt: utcDatetime("starts_at").notNull(),
    endsAt: utcDatetime("ends_at").notNull(),
    reason: varchar("reason", { length: 500 }).notNull(),
    impact: text("impact").notNull(),
    createdBy: varchar("created_by", { length: 255 }).notNull(),
    cancelledAt: utcDatetime("cancelled_at"),
    /** The route servers were marked changed for the start of graceful shutdown (lead time before the window). */
    shutdownSignalledAt: utcDatetime("shutdown_signalled_at"),
    /** The 24-hour reminders were queued. */
    remindedAt: utcDatetime("reminded_at"),
    /** The window was over: route servers marked changed again and the "ended" emails queued. */
    endedAt: utcDatetime("ended_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("maintenance_windows_ends_idx").on(t.endsAt)],
);

export type MaintenanceWindow = typeof maintenanceWindows.$inferSelect;
