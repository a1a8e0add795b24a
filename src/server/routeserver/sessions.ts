import { and, eq, inArray, sql } from "drizzle-orm";
import { switchMonitorBackOn } from "@/server/monitoring/seen-up";
import type { Database, Executor } from "@/server/db/client";
import { ipRouteServerSessions, ips } from "@/server/db/schema";
import type { BgpSessionState } from "@/shared/enums";
import { birdCommand } from "./bird-client";
import { isEstablished, parseShowProtocolsAll, type BirdProtocolStatus } from "./bird-status";
import { refreshFilteredRoutes } from "./filter-reasons";
import { isRouteLimitDown, queueRouteLimitEmails, type RouteLimitHit } from "./limit-emails";
import { listActiveRouteServers, type RouteServerRecord } from "./queries";

/** One member session on one route server, joined to the member IP it belongs to. */
export interface SessionStatus {
  protocol: BirdProtocolStatus;
  ipId: number | null;
  state: BgpSessionState;
}

/** Reads `show protocols all` from a route server's BIRD and maps each BGP session to its member IP. */
export async function readRouteServerSessions(db: Executor, routeServer: RouteServerRecord): Promise<SessionStatus[]> {
  const lines = await birdCommand(routeServer, "show protocols all");
  const bgp = parseShowProtocolsAll(lines).filter((p) => p.proto === "BGP");
  const addresses = bgp.map((p) => p.neighborAddress).filter((a): a is string => !!a);
  const known = addresses.length
    ? await db.select({ id: ips.id, address: ips.address }).from(ips).where(and(eq(ips.lanId, routeServer.lanId), inArray(ips.address, addresses)))
    : [];
  const idByAddress = new Map(known.map((row) => [row.address, row.id]));
  return bgp.map((protocol) => ({
    protocol,
    ipId: idByAddress.get(protocol.neighborAddress ?? "") ?? null,
    state: isEstablished(protocol) ? "up" : "down",
  }));
}

export interface SessionRefreshResult {
  routeServers: { name: string; ok: boolean; sessions: number; error?: string; /** Read, but something besides the sessions failed. */ warning?: string }[];
  ipsUpdated: number;
  /** Unmonitored IPs whose session came up again and so got `monitor` back (the re-enable rule). */
  monitorSwitchedOn: number;
  /** Emails newly queued to members whose session a route limit shut down. */
  routeLimitEmails: number;
}

/**
 * Stores every route server's session states and the per-IP aggregate: up if any session is up;
 * down_since is when it went down and is kept once set. A route server that cannot be read
 * changes nothing (its sessions are not "down", they are unknown).
 */
export async function refreshRouteServerSessions(db: Database, now: Date, actor = "worker"): Promise<SessionRefreshResult> {
  const result: SessionRefreshResult = { routeServers: [], ipsUpdated: 0, monitorSwitchedOn: 0, routeLimitEmails: 0 };
  const read: { routeServerId: number; sessions: SessionStatus[] }[] = [];
  const limitHits: RouteLimitHit[] = [];
  for (const routeServer of await listActiveRouteServers(db)) {
    try {
      const sessions = await readRouteServerSessions(db, routeServer);
      read.push({ routeServerId: routeServer.id, sessions });
      for (const { protocol, ipId } of sessions) {
        if (ipId !== null && isRouteLimitDown(protocol)) limitHits.push({ ipId, routeServerId: routeServer.id, routeServerName: routeServer.name, protocol });
      }
      const warning = await refreshFilteredRoutes(db, routeServer, now);
      result.routeServers.push({ name: routeServer.name, ok: true, sessions: sessions.length, ...(warning && { warning }) });
    } catch (error) {
      result.routeServers.push({ name: routeServer.name, ok: false, sessions: 0, error: (error as Error).message });
    }
  }
  const rows = read.flatMap(({ routeServerId, sessions }) =>
    sessions
      .filter((s) => s.ipId !== null)
      .map((s) => ({
        ipId: s.ipId!,
        routeServerId,
        state: s.state,
        bgpState: (s.protocol.bgpState ?? s.protocol.state).slice(0, 32),
        since: s.protocol.since,
        lastError: s.protocol.lastError?.slice(0, 255) ?? null,
        routesImported: s.protocol.routes?.imported ?? null,
        routesFiltered: s.protocol.routes?.filtered ?? null,
        routesExported: s.protocol.routes?.exported ?? null,
        checkedAt: now,
      })),
  );
  if (rows.length === 0) return result;

  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await tx
        .insert(ipRouteServerSessions)
        .values(chunk)
        .onDuplicateKeyUpdate({
          set: {
            state: sqlValues("state"),
            bgpState: sqlValues("bgp_state"),
            since: sqlValues("since"),
            lastError: sqlValues("last_error"),
            routesImported: sqlValues("routes_imported"),
            routesFiltered: sqlValues("routes_filtered"),
            routesExported: sqlValues("routes_exported"),
            checkedAt: sqlValues("checked_at"),
          },
        });
    }
    const { updated, cameUp } = await updateAggregates(tx, [...new Set(rows.map((r) => r.ipId))], now);
    result.ipsUpdated = updated;
    result.monitorSwitchedOn = await switchMonitorBackOn(tx, cameUp, "bgp", actor);
    result.routeLimitEmails = await queueRouteLimitEmails(tx, limitHits, now);
  });
  return result;
}

const sqlValues = (column: string) => sql.raw(`values(\`${column}\`)`);

async function updateAggregates(tx: Executor, ipIds: number[], now: Date): Promise<{ updated: number; cameUp: number[] }> {
  let updated = 0;
  const cameUp: number[] = [];
  for (let i = 0; i < ipIds.length; i += 1000) {
    const chunk = ipIds.slice(i, i + 1000);
    const current = await tx.select({ id: ips.id, rsSession: ips.rsSession, downSince: ips.rsSessionDownSince }).from(ips).where(inArray(ips.id, chunk));
    const sessions = await tx
      .select({ ipId: ipRouteServerSessions.ipId, state: ipRouteServerSessions.state, since: ipRouteServerSessions.since })
      .from(ipRouteServerSessions)
      .where(inArray(ipRouteServerSessions.ipId, chunk));
    const byIp = new Map<number, typeof sessions>();
    for (const session of sessions) byIp.set(session.ipId, [...(byIp.get(session.ipId) ?? []), session]);
    const up: number[] = [];
    for (const ip of current) {
      const mine = byIp.get(ip.id) ?? [];
      if (mine.some((s) => s.state === "up")) {
        up.push(ip.id);
      } else if (mine.some((s) => s.state === "down")) {
        // When it went down: BIRD's "since" of the down state, unless we already knew.
        const sinces = mine.map((s) => s.since?.getTime()).filter((t): t is number => t !== undefined);
        const downSince = ip.downSince ?? (sinces.length ? new Date(Math.min(...sinces)) : now);
        if (ip.rsSession === "down" && ip.downSince?.getTime() === downSince.getTime()) continue;
        await tx.update(ips).set({ rsSession: "down", rsSessionDownSince: downSince }).where(eq(ips.id, ip.id));
        updated++;
      }
    }
    if (up.length) {
      await tx.update(ips).set({ rsSession: "up", rsSessionLastUpAt: now, rsSessionDownSince: null }).where(inArray(ips.id, up));
      updated += up.length;
      cameUp.push(...current.filter((ip) => ip.rsSession !== "up" && up.includes(ip.id)).map((ip) => ip.id));
    }
  }
  return { updated, cameUp };
}
