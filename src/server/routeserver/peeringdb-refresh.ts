import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { asns, ips, neverViaRouteServersAsns } from "@/server/db/schema";
import type { Env } from "@/server/env";
import { fetchNeverViaRouteServers, fetchPrefixCounts, type PeeringDbOptions } from "@/server/peeringdb/client";
import { markRouteServerConfigChanged } from "./config-changed";

type Outcome<T> = T | { error: string } | null;

export interface PeeringDbRefreshResult {
  /** Published prefix counts of route-server clients (max-prefix fallback); null when PEERINGDB_URL is unset. */
  prefixCounts: Outcome<{ asns: number; changed: number }>;
  /** The never-via-route-servers list; null when RS_NEVER_VIA_ROUTE_SERVERS is off or PEERINGDB_URL unset. */
  neverVia: Outcome<{ asns: number; changed: boolean }>;
}

/**
 * Runs with the IRR refresh: what the route-server policy takes from PeeringDB. A failed fetch keeps
 * the stored data (the route servers keep using it) and is reported.
 */
export async function refreshPeeringDbData(db: Database, config: Env, now: Date): Promise<PeeringDbRefreshResult> {
  if (!config.PEERINGDB_URL) return { prefixCounts: null, neverVia: null };
  const options: PeeringDbOptions = { baseUrl: config.PEERINGDB_URL, apiKey: config.PEERINGDB_API_KEY, timeoutMs: config.PEERINGDB_TIMEOUT_MS };
  return {
    prefixCounts: await refreshPrefixCounts(db, now, options).catch((error: unknown) => ({ error: (error as Error).message })),
    neverVia: config.RS_NEVER_VIA_ROUTE_SERVERS === "peeringdb" ? await refreshNeverVia(db, now, options).catch((error: unknown) => ({ error: (error as Error).message })) : null,
  };
}

async function refreshPrefixCounts(db: Database, now: Date, options: PeeringDbOptions) {
  const members = await db
    .selectDistinct({ id: asns.id, asn: asns.asn, v4: asns.peeringdbPrefixesV4, v6: asns.peeringdbPrefixesV6 })
    .from(asns)
    .innerJoin(ips, eq(ips.asnId, asns.id))
    .where(and(eq(asns.rsClient, true), eq(ips.provisioned, true)));
  const counts = await fetchPrefixCounts(members.map((m) => m.asn), options);
  let changed = 0;
  await db.transaction(async (tx) => {
    for (const member of members) {
      const found = counts.get(member.asn);
      const v4 = found?.prefixes4 ?? null;
      const v6 = found?.prefixes6 ?? null;
      if (v4 === member.v4 && v6 === member.v6) continue;
      await tx.update(asns).set({ peeringdbPrefixesV4: v4, peeringdbPrefixesV6: v6 }).where(eq(asns.id, member.id));
      changed++;
    }
    if (changed) await markRouteServerConfigChanged(tx, undefined, now); // every route server renders both
  });
  return { asns: counts.size, changed };
}

async function refreshNeverVia(db: Database, now: Date, options: PeeringDbOptions) {
  const fetched = await fetchNeverViaRouteServers(options);
  const stored = (await db.select({ asn: neverViaRouteServersAsns.asn }).from(neverViaRouteServersAsns)).map((r) => r.asn).sort((a, b) => a - b);
  const changed = fetched.join(",") !== stored.join(",");
  if (changed) {
    await db.transaction(async (tx) => {
      const gone = stored.filter((asn) => !fetched.includes(asn));
      if (gone.length) await tx.delete(neverViaRouteServersAsns).where(inArray(neverViaRouteServersAsns.asn, gone));
      if (fetched.length) {
        await tx
          .insert(neverViaRouteServersAsns)
          .values(fetched.map((asn) => ({ asn, source: "PeeringDB", fetchedAt: now })))
          .onDuplicateKeyUpdate({ set: { fetchedAt: now } });
      }
      await markRouteServerConfigChanged(tx, undefined, now); // every route server renders both
    });
  }
  return { asns: fetched.length, changed };
}

/** One line per part, for job logs and the CLI. */
export function describePeeringDbRefresh(result: PeeringDbRefreshResult): string[] {
  const line = <T extends object>(what: string, outcome: Outcome<T>, ok: (value: T) => string): string[] => {
    if (outcome === null) return [];
    return "error" in outcome ? [`${what}: failed, stored data kept: ${outcome.error}`] : [`${what}: ${ok(outcome)}`];
  };
  return [
    line("PeeringDB prefix counts", result.prefixCounts, (v) => `${v.asns} networks found, ${v.changed} changed`),
    line("never via route servers", result.neverVia, (v) => `${v.asns} ASNs${v.changed ? " (changed)" : ""}`),
  ].flat();
}
