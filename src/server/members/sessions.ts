import { asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { ipRouteServerSessions, routeServers } from "@/server/db/schema";

/** Per route server BGP session of each address, as last read from BIRD, grouped by IP id. */
export async function sessionsByIp(db: Executor, ipIds: readonly number[]) {
  const rows = ipIds.length
    ? await db
        .select({
          ipId: ipRouteServerSessions.ipId,
          routeServer: routeServers.name,
          state: ipRouteServerSessions.state,
          bgpState: ipRouteServerSessions.bgpState,
          since: ipRouteServerSessions.since,
          routesImported: ipRouteServerSessions.routesImported,
          routesFiltered: ipRouteServerSessions.routesFiltered,
        })
        .from(ipRouteServerSessions)
        .innerJoin(routeServers, eq(routeServers.id, ipRouteServerSessions.routeServerId))
        .where(inArray(ipRouteServerSessions.ipId, [...ipIds]))
        .orderBy(asc(routeServers.name))
    : [];
  const grouped = new Map<number, typeof rows>();
  for (const row of rows) grouped.set(row.ipId, [...(grouped.get(row.ipId) ?? []), row]);
  return grouped;
}

export type RouteServerSession = NonNullable<ReturnType<Awaited<ReturnType<typeof sessionsByIp>>["get"]>>[number];
