import { count, eq, sql } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { ipRouteServerSessions, ips } from "@/server/db/schema";
import { countActiveLocations } from "./locations";
import { DIRECTORY_SOURCES, publicDirectorySummary } from "./peer-index";
import { versionedCache } from "@/server/db/versioned-cache";

export interface IxFigures {
  members: number;
  asns: number;
  pops: number;
  /** Prefixes members announce to the route servers; null until a route server has been read. */
  prefixesV4: number | null;
  prefixesV6: number | null;
}

/** Per member address the best view any route server has, then summed per family. */
async function readPrefixCounts(db: Executor): Promise<{ prefixesV4: number | null; prefixesV6: number | null }> {
  const perAddress = db
    .select({ ipId: ipRouteServerSessions.ipId, routes: sql<number>`max(${ipRouteServerSessions.routesImported})`.as("routes") })
    .from(ipRouteServerSessions)
    .groupBy(ipRouteServerSessions.ipId)
    .as("per_address");
  const prefixes = await db
    .select({ family: ips.family, routes: sql<string | null>`sum(${perAddress.routes})`, known: count(perAddress.routes) })
    .from(perAddress)
    .innerJoin(ips, eq(ips.id, perAddress.ipId))
    .where(eq(ips.provisioned, true))
    .groupBy(ips.family);
  const prefixCount = (family: number) => {
    const row = prefixes.find((p) => p.family === family);
    return row && row.known > 0 && row.routes !== null ? Number(row.routes) : null;
  };
  return { prefixesV4: prefixCount(4), prefixesV6: prefixCount(6) };
}

/**
 * Summing every session is a scan of the sessions table, so the sums are kept until a session check
 * writes (checked_at) or an address changes (provisioned), like the directory.
 */
const prefixCounts = versionedCache({
  sources: [...DIRECTORY_SOURCES, [ipRouteServerSessions, ipRouteServerSessions.checkedAt]],
  build: readPrefixCounts,
  maxAgeMs: 60_000,
});

/** Live figures for the home page. */
export async function getIxFigures(db: Executor): Promise<IxFigures> {
  const [directory, pops, prefixes] = await Promise.all([publicDirectorySummary(db), countActiveLocations(db), prefixCounts(db)]);
  return { members: directory.members, asns: directory.asns, pops, ...prefixes };
}
