import { and, asc, eq, gt, isNotNull, isNull, or } from "drizzle-orm";
import { routeServers } from "@/server/db/schema";
import { DomainError } from "@/server/errors";
import { exportIxf } from "@/server/ixf/service";
import type { JobContext, JobCounts } from "@/server/jobs/types";
import { env } from "@/server/env";
import { deployRouteServers } from "./deploy";
import { irrServerOptionsFromEnv, refreshIrrPrefixSets } from "./irr";
import { describePeeringDbRefresh, refreshPeeringDbData } from "./peeringdb-refresh";
import { refreshRouteServerSessions } from "./sessions";

/** Every minute: read every route server's BGP sessions into the member IPs (and apply the re-enable rule). */
export async function runRouteServerSessions(ctx: JobContext): Promise<JobCounts> {
  if (ctx.dryRun) {
    const names = await ctx.db.select({ name: routeServers.name }).from(routeServers).where(eq(routeServers.active, true));
    ctx.log(`would read the sessions of ${names.map((r) => r.name).join(", ") || "no route server"}`);
    return { routeServers: names.length };
  }
  const result = await refreshRouteServerSessions(ctx.db, ctx.now, ctx.actor);
  const failed = result.routeServers.filter((rs) => !rs.ok);
  for (const rs of result.routeServers) ctx.log(rs.ok ? `${rs.name}: ${rs.sessions} sessions${rs.warning ? `; ${rs.warning}` : ""}` : `${rs.name}: ${rs.error}`);
  if (failed.length) throw new DomainError(failed.map((rs) => `${rs.name}: ${rs.error}`).join("; "));
  return { routeServers: result.routeServers.length, ipsUpdated: result.ipsUpdated, monitorSwitchedOn: result.monitorSwitchedOn, routeLimitEmails: result.routeLimitEmails };
}

/**
 * Every minute: route servers whose configuration changed since their last deploy (approvals,
 * deprovisioning, member edits mark them) are rendered, checked and reloaded one after the other,
 * and the IX-F export is refreshed so PeeringDB sees the change too.
 */
export async function runConfigRollout(ctx: JobContext): Promise<JobCounts> {
  const due = await ctx.db
    .select({ name: routeServers.name })
    .from(routeServers)
    .where(
      and(
        eq(routeServers.active, true),
        isNotNull(routeServers.configChangedAt),
        or(isNull(routeServers.lastDeployedAt), gt(routeServers.configChangedAt, routeServers.lastDeployedAt)),
      ),
    )
    .orderBy(asc(routeServers.name));
  if (due.length === 0) return { due: 0 };
  if (ctx.dryRun) {
    ctx.log(`would deploy ${due.map((r) => r.name).join(", ")} and refresh the IX-F export`);
    return { due: due.length };
  }
  const reports = await deployRouteServers(ctx.db, due.map((r) => r.name), { now: ctx.now });
  for (const report of reports) {
    for (const step of report.steps) ctx.log(`${report.routeServer} ${step.step}: ${step.ok ? "ok" : "FAILED"} ${step.detail}`);
  }
  const exported = await exportIxf(ctx.db, ctx.now);
  ctx.log(`IX-F export ${exported.outcome}`);
  const failed = reports.filter((r) => !r.ok);
  if (failed.length) {
    const why = failed.map((r) => `${r.routeServer}: ${r.steps.filter((s) => !s.ok).map((s) => `${s.step} ${s.detail}`).join("; ")}`);
    throw new DomainError(`deploy failed for ${why.join(" | ")}`);
  }
  return { due: due.length, deployed: reports.filter((r) => r.changed).length, unchanged: reports.filter((r) => !r.changed).length };
}

/**
 * Daily: refresh IRR prefix lists with bgpq4 when IRR_SERVER is set (failed fetches keep the stored
 * lists), and what the policy takes from PeeringDB (prefix counts, the never-via-route-servers list).
 */
export async function runIrrRefresh(ctx: JobContext): Promise<JobCounts> {
  const config = env();
  const server = irrServerOptionsFromEnv(config);
  if (ctx.dryRun) {
    ctx.log(server ? `would fetch prefix lists from ${server.server}` : "IRR_SERVER is not set: the stored prefix lists stay in use");
    if (config.PEERINGDB_URL) ctx.log("would refresh PeeringDB prefix counts and the never-via-route-servers list");
    return {};
  }
  const counts: JobCounts = {};
  if (server) {
    const result = await refreshIrrPrefixSets(ctx.db, server, ctx.now);
    for (const failure of result.failed) ctx.log(`AS${failure.asn}: ${failure.error}`);
    Object.assign(counts, { refreshed: result.refreshed, unchanged: result.unchanged, failed: result.failed.length });
  } else {
    ctx.log("IRR_SERVER is not set: the stored prefix lists stay in use");
  }
  const peeringDb = await refreshPeeringDbData(ctx.db, config, ctx.now);
  for (const line of describePeeringDbRefresh(peeringDb)) ctx.log(line);
  return counts;
}
