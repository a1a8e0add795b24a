import { and, eq, like, ne, or, sql, type SQL } from "drizzle-orm";
import type { AnyMySqlColumn } from "drizzle-orm/mysql-core";
import type { Executor } from "@/server/db/client";
import { asns, clients, requests } from "@/server/db/schema";
import { containsPattern } from "@/server/db/like";

/** What a new request is compared by: duplicates of the same network are grouped for the reviewer. */
export interface MatchKey {
  asn: number;
  contactEmail: string;
  website?: string | null;
  networkName: string;
  /** Leave this request out (it matches itself). */
  excludeRequestId?: number;
}

export type MatchField = "asn" | "email" | "website" | "name";

export interface Match {
  kind: "client" | "request";
  id: number;
  label: string;
  state: string;
  by: MatchField[];
}

/** "https://www.Example.net/peering" -> "example.net": the part two spellings of one website share. */
export function websiteHost(website: string | null | undefined): string | null {
  if (!website) return null;
  try {
    return new URL(website).hostname.toLowerCase().replace(/^www\./, "") || null;
  } catch {
    return null;
  }
}

const normalName = (name: string) => name.trim().toLowerCase();

function matchedBy(key: MatchKey, row: { asn?: number | null; email: string; website: string | null; name: string }): MatchField[] {
  const host = websiteHost(key.website);
  const by: MatchField[] = [];
  if (row.asn === key.asn) by.push("asn");
  if (row.email.toLowerCase() === key.contactEmail.toLowerCase()) by.push("email");
  if (host && websiteHost(row.website) === host) by.push("website");
  if (normalName(row.name) === normalName(key.networkName)) by.push("name");
  return by;
}

type MatchColumns = { asn: AnyMySqlColumn; email: AnyMySqlColumn; name: AnyMySqlColumn; website: AnyMySqlColumn };

/** Same ASN, same email, same name (any case) or a website on the same host. */
function matchCondition(key: MatchKey, columns: MatchColumns): SQL | undefined {
  const host = websiteHost(key.website);
  return or(
    eq(columns.asn, key.asn),
    eq(columns.email, key.contactEmail),
    sql`lower(${columns.name}) = ${normalName(key.networkName)}`,
    // A coarse LIKE narrows the rows; matchedBy() then compares the hosts exactly.
    host ? like(columns.website, containsPattern(host)) : undefined,
  );
}

/** Existing clients (with their ASNs) and other requests that look like the same network. */
export async function findMatches(db: Executor, key: MatchKey): Promise<Match[]> {
  const clientRows = await db
    .select({ id: clients.id, name: clients.name, email: clients.contactEmail, website: clients.website, state: clients.state, asn: asns.asn })
    .from(clients)
    .leftJoin(asns, eq(asns.clientId, clients.id))
    .where(matchCondition(key, { asn: asns.asn, email: clients.contactEmail, name: clients.name, website: clients.website }))
    .limit(50);

  const requestRows = await db
    .select({ id: requests.id, name: requests.networkName, email: requests.contactEmail, website: requests.website, state: requests.state, asn: requests.asn })
    .from(requests)
    .where(
      and(
        key.excludeRequestId ? ne(requests.id, key.excludeRequestId) : undefined,
        matchCondition(key, { asn: requests.asn, email: requests.contactEmail, name: requests.networkName, website: requests.website }),
      ),
    )
    .limit(50);

  const byClient = new Map<number, Match>();
  for (const row of clientRows) {
    const by = matchedBy(key, row);
    if (by.length === 0) continue;
    const existing = byClient.get(row.id);
    if (existing) existing.by = [...new Set([...existing.by, ...by])];
    else byClient.set(row.id, { kind: "client", id: row.id, label: row.name, state: row.state, by });
  }
  const requestMatches: Match[] = requestRows
    .map((row) => ({ kind: "request" as const, id: row.id, label: `${row.name} (AS${row.asn})`, state: row.state, by: matchedBy(key, row) }))
    .filter((match) => match.by.length > 0);
  return [...byClient.values(), ...requestMatches];
}
