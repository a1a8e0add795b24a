import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { locations, locationTunnelTypes, requests, users } from "@/server/db/schema";
import type { TunnelType } from "@/shared/enums";
import type { RequestState } from "@/shared/enums";
import type { StoredChecks } from "./checks";
import { findMatches } from "./matches";
import { maskEmail } from "./proof/mask";
import { visibleContacts } from "./proof/service";
import { isStatusToken } from "./tokens";

/** Request columns a reviewer sees; never the token hashes. */
const reviewColumns = {
  id: requests.id,
  networkName: requests.networkName,
  asn: requests.asn,
  contactEmail: requests.contactEmail,
  website: requests.website,
  locationId: requests.locationId,
  locationCode: locations.code,
  locationName: locations.name,
  tunnelType: requests.tunnelType,
  remoteEndpoint: requests.remoteEndpoint,
  wantsIpv4: requests.wantsIpv4,
  publishContact: requests.publishContact,
  asSet: requests.asSet,
  comments: requests.comments,
  state: requests.state,
  verifiedAt: requests.verifiedAt,
  submitterIp: requests.submitterIp,
  checks: requests.checks,
  reviewedAt: requests.reviewedAt,
  rejectReason: requests.rejectReason,
  clientId: requests.clientId,
  connectionId: requests.connectionId,
  createdAt: requests.createdAt,
  asnProof: requests.asnProof,
  asnProofDetail: requests.asnProofDetail,
  asnProofAt: requests.asnProofAt,
  proofOverrideReason: requests.proofOverrideReason,
};

export type QueueRow = Awaited<ReturnType<typeof openRequests>>[number];

function openRequests(db: Executor, states: RequestState[]) {
  return db
    .select(reviewColumns)
    .from(requests)
    .innerJoin(locations, eq(locations.id, requests.locationId))
    .where(inArray(requests.state, states))
    // Verified requests first (oldest first: they have waited longest), then unconfirmed ones.
    .orderBy(sql`${requests.state} = 'pending' desc`, asc(requests.verifiedAt), asc(requests.createdAt))
    .limit(500);
}

export interface QueueGroup {
  asn: number;
  requests: QueueRow[];
  matches: Awaited<ReturnType<typeof findMatches>>;
}

/** The review queue: open requests, verified first, duplicates for one ASN grouped together. */
export async function requestQueue(db: Executor, states: RequestState[] = ["pending", "unverified"]): Promise<QueueGroup[]> {
  const groups = new Map<number, QueueRow[]>();
  for (const row of await openRequests(db, states)) groups.set(row.asn, [...(groups.get(row.asn) ?? []), row]);
  return Promise.all(
    [...groups.entries()].map(async ([asn, rows]) => {
      const ids = new Set(rows.map((r) => r.id));
      const first = rows[0]!;
      const matches = (await findMatches(db, first)).filter((m) => !(m.kind === "request" && ids.has(m.id)));
      return { asn, requests: rows, matches };
    }),
  );
}

export async function recentDecisions(db: Executor, limit = 20) {
  return db
    .select({ ...reviewColumns, reviewerEmail: users.email })
    .from(requests)
    .innerJoin(locations, eq(locations.id, requests.locationId))
    .leftJoin(users, eq(users.id, requests.reviewerUserId))
    .where(inArray(requests.state, ["approved", "rejected"]))
    .orderBy(desc(requests.reviewedAt))
    .limit(limit);
}

export async function requestDetail(db: Executor, id: number) {
  const [request] = await db
    .select({ ...reviewColumns, reviewerEmail: users.email })
    .from(requests)
    .innerJoin(locations, eq(locations.id, requests.locationId))
    .leftJoin(users, eq(users.id, requests.reviewerUserId))
    .where(eq(requests.id, id));
  if (!request) return null;
  const matches = await findMatches(db, { ...request, excludeRequestId: request.id });
  return { ...request, checks: storedChecks(request.checks), matches };
}

export type RequestDetail = NonNullable<Awaited<ReturnType<typeof requestDetail>>>;

export function storedChecks(value: unknown): StoredChecks {
  const checks = value as Partial<StoredChecks> | null;
  return { ranAt: checks?.ranAt ?? "", results: Array.isArray(checks?.results) ? checks.results : [] };
}

/** What the requester sees on their status page: no contact data beyond what they typed. */
export async function requestStatus(db: Executor, statusToken: string) {
  if (!isStatusToken(statusToken)) return null;
  const [row] = await db
    .select({
      networkName: requests.networkName,
      asn: requests.asn,
      state: requests.state,
      tunnelType: requests.tunnelType,
      locationName: locations.name,
      createdAt: requests.createdAt,
      verifiedAt: requests.verifiedAt,
      reviewedAt: requests.reviewedAt,
      rejectReason: requests.rejectReason,
      asnProof: requests.asnProof,
      asnProofAt: requests.asnProofAt,
      registryContacts: requests.registryContacts,
      proofContact: requests.proofContact,
      proofExpiresAt: requests.proofExpiresAt,
      proofEmailsSent: requests.proofEmailsSent,
    })
    .from(requests)
    .innerJoin(locations, eq(locations.id, requests.locationId))
    .where(eq(requests.statusToken, statusToken));
  if (!row) return null;
  // The full registry addresses never leave the server: the requester's page gets them masked.
  const { registryContacts, proofContact, ...rest } = row;
  return {
    ...rest,
    registryContacts: visibleContacts(registryContacts),
    proofSentTo: proofContact && rest.proofExpiresAt ? maskEmail(proofContact.email) : null,
  };
}

/** POPs taking new members and the tunnel types each offers: what the /connect form may offer. */
export async function connectOptions(db: Executor) {
  const rows = await db
    .select({ id: locations.id, code: locations.code, name: locations.name, city: locations.city, country: locations.country, type: locationTunnelTypes.type })
    .from(locations)
    .innerJoin(locationTunnelTypes, and(eq(locationTunnelTypes.locationId, locations.id), eq(locationTunnelTypes.enabled, true)))
    .where(eq(locations.active, true))
    .orderBy(asc(locations.name), asc(locationTunnelTypes.type));
  const byLocation = new Map<number, { id: number; code: string; name: string; city: string; country: string; tunnelTypes: TunnelType[] }>();
  for (const { type, ...location } of rows) {
    const entry = byLocation.get(location.id) ?? { ...location, tunnelTypes: [] };
    entry.tunnelTypes.push(type);
    byLocation.set(location.id, entry);
  }
  return [...byLocation.values()];
}
