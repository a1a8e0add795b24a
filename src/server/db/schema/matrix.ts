import { float, int, mysqlEnum, mysqlTable, primaryKey } from "drizzle-orm/mysql-core";
import { PING_STATES } from "@/shared/enums";
import { utcDatetime } from "./columns";
import { locations } from "./network";

/**
 * The latest probe of each POP-to-POP mesh link, as the tunnel server at `from` measured it towards `to`
 * (one row per direction; steady state only updates it). `stateSince` is when the state last changed.
 */
export const meshLinkProbes = mysqlTable(
  "mesh_link_probes",
  {
    fromLocationId: int("from_location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "cascade" }),
    toLocationId: int("to_location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "cascade" }),
    /** Null until the link has answered once or lost PING_DOWN_AFTER_LOSSES probes in a row. */
    state: mysqlEnum("state", PING_STATES),
    stateSince: utcDatetime("state_since"),
    /** Probes lost in a row, across reports; the link is down from PING_DOWN_AFTER_LOSSES on. */
    lostInARow: int("lost_in_a_row").notNull().default(0),
    /** The last report: probes sent and answered, average round trip of the answered ones. */
    sent: int("sent").notNull(),
    received: int("received").notNull(),
    rttAvgMs: float("rtt_avg_ms"),
    reportedAt: utcDatetime("reported_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.fromLocationId, t.toLocationId] })],
);
