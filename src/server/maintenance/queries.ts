import { and, asc, desc, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, clients, connections, ips, locations, maintenanceWindows, routeServers } from "@/server/db/schema";
import { routeServerClientAddressesOn } from "@/server/routeserver/queries";
import type { MaintenanceScope } from "@/shared/enums";

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

export interface AffectedMember {
  clientId: number;
  clientName: string;
  /** The NOC address when the member gave one, else the contact address. */
  email: string;
}

/**
 * The members a window concerns: those with a connection at the POP, those with a session on the route
 * server (a provisioned RS-client address on its LAN), or every member for the whole IX.
 */
export async function affectedMembers(db: Executor, window: { scope: MaintenanceScope; locationId: number | null; routeServerId: number | null }): Promise<AffectedMember[]> {
  let clientIds: number[] | null = null;
  if (window.scope === "pop") {
    const rows = await db
      .selectDistinct({ clientId: connections.clientId })
      .from(connections)
      .where(and(eq(connections.locationId, window.locationId ?? 0), ne(connections.state, "decommissioned")));
    clientIds = rows.map((row) => row.clientId);
  } else if (window.scope === "route-server") {
    const [rs] = await db.select({ lanId: routeServers.lanId }).from(routeServers).where(eq(routeServers.id, window.routeServerId ?? 0));
    const rows = rs
      ? await db.selectDistinct({ clientId: asns.clientId }).from(ips).innerJoin(asns, eq(asns.id, ips.asnId)).where(routeServerClientAddressesOn(rs.lanId))
      : [];
    clientIds = rows.map((row) => row.clientId);
  }
  if (clientIds && clientIds.length === 0) return [];
  const rows = await db
    .select({ clientId: clients.id, clientName: clients.name, contactEmail: clients.contactEmail, nocEmail: clients.nocEmail })
    .from(clients)
    .where(and(ne(clients.state, "decommissioned"), clientIds ? inArray(clients.id, clientIds) : undefined))
    .orderBy(asc(clients.name), asc(clients.id));
  return rows.map((row) => ({ clientId: row.clientId, clientName: row.clientName, email: row.nocEmail || row.contactEmail }));
}

/** Upcoming and ongoing windows to show in a banner: all of them publicly, or those concerning one member. */
export async function maintenanceNotices(db: Executor, now: Date, clientId?: number): Promise<MaintenanceRecord[]> {
  const windows = await liveMaintenanceWindows(db, now);
  if (clientId === undefined) return windows;
  const concerning: MaintenanceRecord[] = [];
  for (const window of windows) {
    if ((await affectedMembers(db, window)).some((member) => member.clientId === clientId)) concerning.push(window);
  }
  return concerning;
}

/** For the iCalendar feed: the latest windows, cancelled ones too (calendars then drop them). */
export async function calendarWindows(db: Executor, limit = 500) {
  return selectWindows(db).orderBy(desc(maintenanceWindows.startsAt), desc(maintenanceWindows.id)).limit(limit);
}
