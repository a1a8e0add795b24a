import { and, asc, desc, eq, gt, isNull } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { locations, maintenanceWindows, routeServers } from "@/server/db/schema";

/** Maintenance windows as read for every surface: with the POP's code and name or the route server's name. */
const windowColumns = {
  id: maintenanceWindows.id,
  scope: maintenanceWindows.scope,
  locationId: maintenanceWindows.locationId,
  routeServerId: maintenanceWindows.routeServerId,
  startsAt: maintenanceWindows.startsAt,
  endsAt: maintenanceWindows.endsAt,
  reason: maintenanceWindows.reason,
  impact: maintenanceWindows.impact,
  createdBy: maintenanceWindows.createdBy,
  cancelledAt: maintenanceWindows.cancelledAt,
  shutdownSignalledAt: maintenanceWindows.shutdownSignalledAt,
  remindedAt: maintenanceWindows.remindedAt,
  endedAt: maintenanceWindows.endedAt,
  locationCode: locations.code,
  locationName: locations.name,
  routeServerName: routeServers.name,
};

function selectWindows(db: Executor) {
  return db
    .select(windowColumns)
    .from(maintenanceWindows)
    .leftJoin(locations, eq(locations.id, maintenanceWindows.locationId))
    .leftJoin(routeServers, eq(routeServers.id, maintenanceWindows.routeServerId));
}
export type MaintenanceRecord = Awaited<ReturnType<typeof listMaintenance>>[number];

/** What a window is about, in words: "POP AMS (Amsterdam)", "route server rs1", "the whole IX". */
export function describeTarget(window: Pick<MaintenanceRecord, "scope" | "locationCode" | "locationName" | "routeServerName">): string {
  if (window.scope === "pop") return `POP ${window.locationCode ?? "?"} (${window.locationName ?? "?"})`;
  if (window.scope === "route-server") return `route server ${window.routeServerName ?? "?"}`;
  return "the whole IX";
}

export type WindowStatus = "upcoming" | "ongoing" | "over" | "cancelled";

/** Where a window stands at `now`: what the admin list and `ixp maintenance list` show. */
export function windowStatus(window: Pick<MaintenanceRecord, "startsAt" | "endsAt" | "cancelledAt">, now: Date): WindowStatus {
  if (window.cancelledAt) return "cancelled";
  if (window.endsAt <= now) return "over";
  return window.startsAt <= now ? "ongoing" : "upcoming";
}

/** Windows neither cancelled nor over at `now`: upcoming and ongoing ones, soonest first. */
export async function liveMaintenanceWindows(db: Executor, now: Date) {
  return selectWindows(db)
    .where(and(isNull(maintenanceWindows.cancelledAt), gt(maintenanceWindows.endsAt, now)))
    .orderBy(asc(maintenanceWindows.startsAt), asc(maintenanceWindows.id));
}

/** Every window, newest start first (the admin list and `ixp maintenance list --all`). */
export async function listMaintenance(db: Executor, options: { now: Date; includePast: boolean }) {
  const query = selectWindows(db);
  const rows = options.includePast ? await query : await query.where(and(isNull(maintenanceWindows.cancelledAt), gt(maintenanceWindows.endsAt, options.now)));
  return rows.sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime() || b.id - a.id);
}

export async function findMaintenance(db: Executor, id: number): Promise<MaintenanceRecord | undefined> {
  const [row] = await selectWindows(db).where(eq(maintenanceWindows.id, id));
  return row;
}

/** For the iCalendar feed: the latest windows, cancelled ones too (calendars then drop them). */
export async function calendarWindows(db: Executor, limit = 500) {
  return selectWindows(db).orderBy(desc(maintenanceWindows.startsAt), desc(maintenanceWindows.id)).limit(limit);
}
