import { and, asc, count, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, clients, ipRouteServerSessions, ips, pingEvents, pingRollups, requests, routeServerFilteredRoutes, routeServers } from "@/server/db/schema";
import { liveWorkers } from "@/server/jobs/worker-status";
import { monitoredIpsDown } from "@/server/monitoring/queries";
import { monitoringRules, type MonitoringRules } from "@/server/monitoring/rules";
import { countByReason } from "./facts";
import { buildHeatmap, heatmapHours, type Heatmap } from "./heatmap";
import { HOUR_MS } from "./series";
import { upcomingActions } from "./upcoming";

/** How many members the dashboard lists as down, and how many rows the heatmap has (most flapping first). */
export const DASHBOARD_DOWN_LIMIT = 50;
export const HEATMAP_MEMBERS = 25;
export const HEATMAP_HOURS = 24;
export const UPCOMING_DAYS = 7;
/** How many of the coming warnings and deprovisions the dashboard lists (soonest first; all are counted). */
export const UPCOMING_LIMIT = 50;

/**
 * Members with at least one provisioned address not answering pings or without any established session,
 * longest outage first. Grouped and ordered in SQL, so only the listed members' addresses are read.
 */
export async function membersDown(db: Executor, now: Date, limit = DASHBOARD_DOWN_LIMIT) {
  const isDown = and(eq(ips.provisioned, true), or(eq(ips.pingable, false), eq(ips.rsSession, "down")));
  const pingDown = sql<Date | null>`min(case when ${ips.pingable} = 0 then ${ips.pingDownSince} end)`.mapWith(ips.pingDownSince);
  const sessionDown = sql<Date | null>`min(case when ${ips.rsSession} = 'down' then ${ips.rsSessionDownSince} end)`.mapWith(ips.rsSessionDownSince);
  // The earlier of the two; members without any "since" (down before monitoring kept one) come last.
  const since = sql`coalesce(least(coalesce(${pingDown}, ${sessionDown}), coalesce(${sessionDown}, ${pingDown})), '9999-12-31')`;
  const [total] = await db
    .select({ n: sql<number>`count(distinct ${asns.clientId})`.mapWith(Number) })
    .from(ips)
    .innerJoin(asns, eq(asns.id, ips.asnId))
    .where(isDown);
  const listed = await db
    .select({ clientId: clients.id, name: clients.name, pingDown, sessionDown })
    .from(ips)
    .innerJoin(asns, eq(asns.id, ips.asnId))
    .innerJoin(clients, eq(clients.id, asns.clientId))
    .where(isDown)
    .groupBy(clients.id)
    .orderBy(since, asc(clients.name))
    .limit(limit);
  const addresses = listed.length
    ? await db
        .select({ clientId: asns.clientId, address: ips.address, ping: ips.pingable, session: ips.rsSession })
        .from(ips)
        .innerJoin(asns, eq(asns.id, ips.asnId))
        .where(and(isDown, inArray(asns.clientId, listed.map((m) => m.clientId))))
        .orderBy(asc(ips.family), asc(ips.address))
    : [];
  const earliest = (...dates: (Date | null)[]) => dates.filter((d): d is Date => d !== null).sort((x, y) => x.getTime() - y.getTime())[0] ?? null;
  return {
    total: total?.n ?? 0,
    members: listed.map((m) => ({
      clientId: m.clientId,
      name: m.name,
      since: earliest(m.pingDown, m.sessionDown),
      addresses: addresses.filter((a) => a.clientId === m.clientId).map(({ address, ping, session }) => ({ address, ping, session })),
    })),
  };
}

export async function sessionsPerRouteServer(db: Executor) {
  const rows = await db
    .select({
      id: routeServers.id,
      name: routeServers.name,
      active: routeServers.active,
      lastDeployedAt: routeServers.lastDeployedAt,
      configChangedAt: routeServers.configChangedAt,
      established: sql<string>`coalesce(sum(${ipRouteServerSessions.state} = 'up'), 0)`,
      sessions: count(ipRouteServerSessions.ipId),
    })
    .from(routeServers)
    .leftJoin(ipRouteServerSessions, eq(ipRouteServerSessions.routeServerId, routeServers.id))
    .groupBy(routeServers.id)
    .orderBy(asc(routeServers.name));
  return rows.map((row) => ({
    ...row,
    established: Number(row.established),
    /** A change is waiting for the config-rollout job. */
    rolloutPending: row.configChangedAt !== null && (row.lastDeployedAt === null || row.configChangedAt > row.lastDeployedAt),
  }));
}

export async function filteredByReason(db: Executor) {
  const rows = await db
    .select({ reason: routeServerFilteredRoutes.reason, routes: sql<string>`sum(${routeServerFilteredRoutes.routes})` })
    .from(routeServerFilteredRoutes)
    .groupBy(routeServerFilteredRoutes.reason);
  return countByReason(rows.map((row) => ({ reason: row.reason, routes: Number(row.routes) })));
}

/** The heatmap's rows: members with ping data in the window, those with most changes and loss first. */
export async function latencyHeatmap(db: Executor, now: Date, hours = HEATMAP_HOURS, members = HEATMAP_MEMBERS): Promise<Heatmap> {
  const slots = heatmapHours(now, hours);
  const from = slots[0]!;
  const to = new Date(slots[slots.length - 1]!.getTime() + HOUR_MS);
  const hour = sql<number>`floor(unix_timestamp(${pingRollups.minute}) / 3600)`;
  const rollups = await db
    .select({
      clientId: asns.clientId,
      hour,
      sent: sql<string>`sum(${pingRollups.sent})`,
      received: sql<string>`sum(${pingRollups.received})`,
      rtt: sql<string | null>`sum(${pingRollups.rttAvgMs} * ${pingRollups.received})`,
    })
    .from(pingRollups)
    .innerJoin(ips, eq(ips.id, pingRollups.ipId))
    .innerJoin(asns, eq(asns.id, ips.asnId))
    .where(and(gte(pingRollups.minute, from), lt(pingRollups.minute, to)))
    .groupBy(asns.clientId, hour);
  const changes = await db
    .select({ clientId: asns.clientId, at: pingEvents.at })
    .from(pingEvents)
    .innerJoin(ips, eq(ips.id, pingEvents.ipId))
    .innerJoin(asns, eq(asns.id, ips.asnId))
    .where(and(gte(pingEvents.at, from), lt(pingEvents.at, to)));
  const clientIds = [...new Set([...rollups.map((r) => r.clientId), ...changes.map((c) => c.clientId)])];
  const names = clientIds.length ? await db.select({ clientId: clients.id, name: clients.name }).from(clients).where(inArray(clients.id, clientIds)) : [];
  const heatmap = buildHeatmap(
    names,
    rollups.map((r) => ({ clientId: r.clientId, hour: new Date(Number(r.hour) * HOUR_MS), sent: Number(r.sent), received: Number(r.received), rttWeightedSum: Number(r.rtt ?? 0) })),
    changes,
    slots,
  );
  return { hours: heatmap.hours, rows: heatmap.rows.slice(0, members) };
}

/** Everything the /admin landing shows above the request queue. */
export async function operatorDashboard(db: Executor, now = new Date(), rules: MonitoringRules = monitoringRules()) {
  const [pending, down, servers, reasons, downAddresses, workers, heatmap] = await Promise.all([
    db.select({ state: requests.state, n: count() }).from(requests).where(inArray(requests.state, ["pending", "unverified"])).groupBy(requests.state),
    membersDown(db, now),
    sessionsPerRouteServer(db),
    filteredByReason(db),
    monitoredIpsDown(db, now, 0),
    liveWorkers(db, now),
    latencyHeatmap(db, now),
  ]);
  const upcoming = upcomingActions(
    downAddresses.map((row) => ({ ipId: row.ipId, address: row.address, clientId: row.clientId, clientName: row.clientName, downSince: row.downSince })),
    rules,
    now,
    UPCOMING_DAYS,
  );
  return {
    now,
    requests: { pending: pending.find((p) => p.state === "pending")?.n ?? 0, unverified: pending.find((p) => p.state === "unverified")?.n ?? 0 },
    down,
    routeServers: servers,
    filteredByReason: reasons,
    upcoming: { total: upcoming.length, actions: upcoming.slice(0, UPCOMING_LIMIT) },
    workers,
    heatmap,
  };
}

export type OperatorDashboard = Awaited<ReturnType<typeof operatorDashboard>>;

