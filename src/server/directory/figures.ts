import { count, countDistinct, eq, sql } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, ipRouteServerSessions, ips } from "@/server/db/schema";
import { countActiveLocations } from "./locations";

export interface IxFigures {
  members: number;
  asns: number;
  pops: number;
  /** Prefixes members announce to the route servers; null until a route server has been read. */
  prefixesV4: number | null;
  prefixesV6: number | null;
}

/** Live figures for the home page. */
export async function getIxFigures(db: Executor): Promise<IxFigures> {
  const [members] = await db
    .select({ members: countDistinct(asns.clientId), asns: countDistinct(asns.id) })
    .from(ips)
    .innerJoin(asns, eq(asns.id, ips.asnId))
    .where(eq(ips.provisioned, true));

  // Per member address the best view any route server has, then summed per family.
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

  return {
    members: Number(members?.members ?? 0),
    asns: Number(members?.asns ?? 0),
    pops: await countActiveLocations(db),
    prefixesV4: prefixCount(4),
    prefixesV6: prefixCount(6),
  };
}
