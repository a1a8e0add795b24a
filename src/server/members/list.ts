import { and, asc, count, desc, eq, inArray, like, or, sql } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, clients, connections, ips } from "@/server/db/schema";
import ipaddr from "ipaddr.js";
import { parseAsn } from "@/shared/asn";
import type { LifecycleState } from "@/shared/enums";
import type { MemberSort } from "@/shared/validation/member";
import type { SortDirection } from "@/shared/validation/table";
import { containsPattern, prefixPattern } from "@/server/db/like";

export const MEMBER_PAGE_SIZE = 50;

const SORT_COLUMNS = { name: clients.name, created: clients.createdAt, state: clients.state } as const;

/**
 * Clients matching a search by name, contact email, website, ASN or IP address and an optional state; one
 * page, sorted on the server by name, creation or state (each with an index on clients, see BENCHMARKS.md).
 */
export async function listMembers(
  db: Executor,
  options: { q?: string; page?: number; pageSize?: number; state?: LifecycleState | ""; sort?: MemberSort; dir?: SortDirection },
) {
  const pageSize = options.pageSize ?? MEMBER_PAGE_SIZE;
  const page = Math.max(1, options.page ?? 1);
  const q = (options.q ?? "").trim();
  const pattern = containsPattern(q);
  const asn = q ? parseAsn(q) : null;
  // A whole address matches exactly (198.18.0.3 is not 198.18.0.30); a partial one as a prefix.
  const whole = ipaddr.IPv4.isValidFourPartDecimal(q) || (q.includes(":") && ipaddr.IPv6.isValid(q));
  const address = whole ? ipaddr.parse(q).toString() : null;
  const search = q
    ? or(
        like(clients.name, pattern),
        like(clients.contactEmail, pattern),
        like(clients.website, pattern),
        inArray(clients.id, db.select({ id: asns.clientId }).from(asns).where(asn !== null ? eq(asns.asn, asn) : sql`false`)),
        inArray(
          clients.id,
          db
            .select({ id: asns.clientId })
            .from(ips)
            .innerJoin(asns, eq(asns.id, ips.asnId))
            .where(address ? eq(ips.address, address) : like(ips.address, prefixPattern(q))),
        ),
      )
    : undefined;
  const where = and(search, options.state ? eq(clients.state, options.state) : undefined);
  const order = options.dir === "desc" ? desc : asc;
  const sortColumn = SORT_COLUMNS[options.sort ?? "name"];

  const [total] = await db.select({ n: count() }).from(clients).where(where);
  const rows = await db
    .select({ id: clients.id, name: clients.name, state: clients.state, contactEmail: clients.contactEmail, createdAt: clients.createdAt })
    .from(clients)
    .where(where)
    .orderBy(order(sortColumn), order(clients.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);

  const ids = rows.map((r) => r.id);
  const memberAsns = ids.length
    ? await db.select({ clientId: asns.clientId, asn: asns.asn }).from(asns).where(inArray(asns.clientId, ids)).orderBy(asc(asns.asn))
    : [];
  const ipCounts = ids.length
    ? await db
        .select({ clientId: asns.clientId, total: count(), provisioned: sql<number>`sum(${ips.provisioned})` })
        .from(ips)
        .innerJoin(asns, eq(asns.id, ips.asnId))
        .where(inArray(asns.clientId, ids))
        .groupBy(asns.clientId)
    : [];
  const connectionCounts = ids.length
    ? await db.select({ clientId: connections.clientId, total: count() }).from(connections).where(inArray(connections.clientId, ids)).groupBy(connections.clientId)
    : [];

  return {
    total: total?.n ?? 0,
    page,
    pageSize,
    members: rows.map((row) => {
      const ipCount = ipCounts.find((c) => c.clientId === row.id);
      return {
        ...row,
        asns: memberAsns.filter((a) => a.clientId === row.id).map((a) => a.asn),
        ips: ipCount?.total ?? 0,
        provisionedIps: Number(ipCount?.provisioned ?? 0),
        connections: connectionCounts.find((c) => c.clientId === row.id)?.total ?? 0,
      };
    }),
  };
}
