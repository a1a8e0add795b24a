import { and, asc, count, desc, eq, like, or } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { locations, requests } from "@/server/db/schema";
import { parseAsn } from "@/shared/asn";
import type { RequestSearch } from "@/shared/validation/request";
import { containsPattern } from "@/server/db/like";

export const REQUEST_PAGE_SIZE = 50;

const SORT_COLUMNS = { created: requests.createdAt, name: requests.networkName, asn: requests.asn, state: requests.state } as const;

/**
 * The admin requests table: every request matching a search (network name, contact email or ASN) and an
 * optional state, sorted and paged in SQL (indexes on requests, see BENCHMARKS.md).
 */
export async function listRequests(db: Executor, search: Partial<RequestSearch>, pageSize = REQUEST_PAGE_SIZE) {
  const page = Math.max(1, search.page ?? 1);
  const q = (search.q ?? "").trim();
  const pattern = containsPattern(q);
  const asn = q ? parseAsn(q) : null;
  const where = and(
    q ? or(like(requests.networkName, pattern), like(requests.contactEmail, pattern), asn !== null ? eq(requests.asn, asn) : undefined) : undefined,
    search.state ? eq(requests.state, search.state) : undefined,
  );
  const order = search.dir === "asc" ? asc : desc;
  const [total] = await db.select({ n: count() }).from(requests).where(where);
  const rows = await db
    .select({
      id: requests.id,
      networkName: requests.networkName,
      asn: requests.asn,
      contactEmail: requests.contactEmail,
      state: requests.state,
      tunnelType: requests.tunnelType,
      locationCode: locations.code,
      createdAt: requests.createdAt,
      reviewedAt: requests.reviewedAt,
    })
    .from(requests)
    .innerJoin(locations, eq(locations.id, requests.locationId))
    .where(where)
    .orderBy(order(SORT_COLUMNS[search.sort ?? "created"]), order(requests.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { total: total?.n ?? 0, page, pageSize, requests: rows };
}
