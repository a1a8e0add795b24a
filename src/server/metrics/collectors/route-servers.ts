import { count, eq, max, sum } from "drizzle-orm";
import { ipRouteServerSessions, ips, routeServerFilteredRoutes, routeServers } from "@/server/db/schema";
import { BGP_SESSION_STATES } from "@/shared/enums";
import { gauge, setRows, type MetricsCollector } from "../collector";

/**
 * Route-server sessions and routes as the sessions job last stored them from BIRD: per session
 * (ip_route_server_sessions) how many routes were accepted and filtered, per route server why they were
 * filtered (route_server_filtered_routes, from the reason each rejected route is tagged with).
 */
export const routeServersCollector: MetricsCollector = {
  domain: "route-servers",
  register(registry) {
    const sessions = gauge(registry, { name: "ixp_rs_sessions", help: "Member BGP sessions per route server by state (up: Established).", labelNames: ["route_server", "state"] });
    const routes = gauge(registry, {
      name: "ixp_rs_routes",
      help: "Routes members sent to each route server, accepted or filtered by its import policy, by IP family of the session.",
      labelNames: ["route_server", "family", "outcome"],
    });
    const filteredByReason = gauge(registry, {
      name: "ixp_rs_routes_filtered",
      help: "Routes each route server's import policy rejected, by IP family and reason (docs/ROUTESERVER.md has the reason table).",
      labelNames: ["route_server", "family", "reason"],
    });
    const checked = gauge(registry, { name: "ixp_rs_sessions_checked_timestamp_seconds", help: "When the sessions job last read each route server's sessions (Unix time).", labelNames: ["route_server"] });
    return async (db) => {
      const active = await db.select({ name: routeServers.name }).from(routeServers).where(eq(routeServers.active, true));
      const sessionRows = await db
        .select({ routeServer: routeServers.name, state: ipRouteServerSessions.state, n: count() })
        .from(ipRouteServerSessions)
        .innerJoin(routeServers, eq(routeServers.id, ipRouteServerSessions.routeServerId))
        .groupBy(routeServers.name, ipRouteServerSessions.state);
      // Every state of every active route server is present (0 when no session is in it), as the docs list them.
      const everyState = active.flatMap(({ name }) => BGP_SESSION_STATES.map((state) => ({ route_server: name, state })));
      setRows(sessions, sessionRows.map((r) => ({ labels: { route_server: r.routeServer, state: r.state }, value: r.n })), everyState);

      const routeRows = await db
        .select({
          routeServer: routeServers.name,
          family: ips.family,
          accepted: sum(ipRouteServerSessions.routesImported),
          filtered: sum(ipRouteServerSessions.routesFiltered),
          checkedAt: max(ipRouteServerSessions.checkedAt),
        })
        .from(ipRouteServerSessions)
        .innerJoin(routeServers, eq(routeServers.id, ipRouteServerSessions.routeServerId))
        .innerJoin(ips, eq(ips.id, ipRouteServerSessions.ipId))
        .groupBy(routeServers.name, ips.family);
      setRows(
        routes,
        routeRows.flatMap((r) => [
          { labels: { route_server: r.routeServer, family: r.family, outcome: "accepted" }, value: Number(r.accepted) },
          { labels: { route_server: r.routeServer, family: r.family, outcome: "filtered" }, value: Number(r.filtered) },
        ]),
      );
      const reasonRows = await db
        .select({ routeServer: routeServers.name, family: routeServerFilteredRoutes.family, reason: routeServerFilteredRoutes.reason, routes: routeServerFilteredRoutes.routes })
        .from(routeServerFilteredRoutes)
        .innerJoin(routeServers, eq(routeServers.id, routeServerFilteredRoutes.routeServerId));
      setRows(filteredByReason, reasonRows.map((r) => ({ labels: { route_server: r.routeServer, family: r.family, reason: r.reason.toLowerCase() }, value: r.routes })));
      const latest = new Map<string, number>();
      for (const r of routeRows) latest.set(r.routeServer, Math.max(latest.get(r.routeServer) ?? 0, (r.checkedAt?.getTime() ?? 0) / 1000));
      setRows(checked, [...latest].map(([name, at]) => ({ labels: { route_server: name }, value: at })));
    };
  },
};
