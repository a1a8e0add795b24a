import { eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { routeServerFilteredRoutes } from "@/server/db/schema";
import { IP_FAMILIES } from "@/shared/enums";
import { BirdClient } from "./bird-client";
import { REJECT_REASON_TAG, REJECT_REASONS, type RejectReason } from "./policy";
import type { RouteServerRecord } from "./queries";

export interface FilteredRoutes {
  family: 4 | 6;
  reason: RejectReason;
  routes: number;
}

const REASON_BY_CODE = new Map(Object.entries(REJECT_REASONS).map(([reason, { code }]) => [code as number, reason as RejectReason]));

/** The reason a filtered route was rejected: the (rsAsn, REJECT_REASON_TAG, code) large community the policy added. */
export function rejectReasonOf(largeCommunities: readonly (readonly [number, number, number])[], rsAsn: number): RejectReason | null {
  for (const [asn, tag, code] of largeCommunities) {
    if (asn === rsAsn && tag === REJECT_REASON_TAG) return REASON_BY_CODE.get(code) ?? null;
  }
  return null;
}

/**
 * A reject reason in words. Told to the member who announced the route (`member`), the IRR reasons name
 * the list the route server used: their AS-SET, or their ASN when they have none.
 */
export function rejectReasonInWords(reason: RejectReason | null, member?: { asn: number; asSet: string | null }): string {
  if (!reason) return "rejected by the route server's import policy (no reason recorded)";
  if (member && reason === "IRR_PREFIX") return `not in your IRR set ${member.asSet ?? `AS${member.asn} (you have no AS-SET registered)`}`;
  if (member && reason === "IRR_ORIGIN") return `origin ASN not in your IRR set ${member.asSet ?? `AS${member.asn} (you have no AS-SET registered)`}`;
  return REJECT_REASONS[reason].text;
}

/** BIRD's answer to `show route ... count`: "3 of 12 routes for 3 networks in table master4". */
export function parseRouteCount(text: string): number {
  const match = /^(\d+) of \d+ routes\b/.exec(text.trim()) ?? /^(\d+) routes\b/.exec(text.trim());
  if (!match) throw new Error(`unexpected route count from BIRD: ${JSON.stringify(text)}`);
  return Number(match[1]);
}

/**
 * Counts the routes the import policy rejected, per reason and family: each rejected route is kept
 * ("import keep filtered") with the large community (RS_ASN, REJECT_REASON_TAG, code), so one `count`
 * query per reason and table asks BIRD without copying the routes themselves over the control socket.
 */
export async function readFilteredRoutes(routeServer: RouteServerRecord): Promise<FilteredRoutes[]> {
  const client = await BirdClient.connect(routeServer);
  try {
    const counts: FilteredRoutes[] = [];
    for (const family of IP_FAMILIES) {
      for (const [reason, { code }] of Object.entries(REJECT_REASONS) as [RejectReason, { code: number }][]) {
        const lines = await client.command(`show route table master${family} filtered where (${routeServer.asn}, ${REJECT_REASON_TAG}, ${code}) ~ bgp_large_community count`);
        const routes = parseRouteCount(lines.map((line) => line.text).join(" "));
        if (routes > 0) counts.push({ family, reason, routes });
      }
    }
    return counts;
  } finally {
    client.close();
  }
}

/** Replaces the stored counts of one route server (reasons with no routes have no row). */
export async function storeFilteredRoutes(db: Database, routeServerId: number, counts: FilteredRoutes[], now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(routeServerFilteredRoutes).where(eq(routeServerFilteredRoutes.routeServerId, routeServerId));
    if (counts.length) await tx.insert(routeServerFilteredRoutes).values(counts.map((count) => ({ routeServerId, ...count, checkedAt: now })));
  });
}

/** Reads and stores one route server's counts; a failure is returned as text, never stops the sessions job. */
export async function refreshFilteredRoutes(db: Database, routeServer: RouteServerRecord, now: Date): Promise<string | undefined> {
  try {
    await storeFilteredRoutes(db, routeServer.id, await readFilteredRoutes(routeServer), now);
    return undefined;
  } catch (error) {
    return `filtered routes not counted: ${(error as Error).message}`;
  }
}
