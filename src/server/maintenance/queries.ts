import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, clients, connections, ips, routeServers } from "@/server/db/schema";
import { routeServerClientAddressesOn } from "@/server/routeserver/queries";
import type { MaintenanceScope } from "@/shared/enums";
import { liveMaintenanceWindows, type MaintenanceRecord } from "./windows";

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

