import { eq, inArray } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, clients, ips } from "@/server/db/schema";
import { env } from "@/server/env";
import { enqueueEmail, type QueuedEmail } from "@/server/mail/outbox";
import { ROUTE_LIMIT_ERROR, type BirdProtocolStatus } from "./bird-status";
import { utcMinute } from "@/shared/utc";

/** A member session that BIRD took down because it sent or imported more routes than allowed. */
export interface RouteLimitHit {
  ipId: number;
  routeServerId: number;
  routeServerName: string;
  protocol: BirdProtocolStatus;
}

export const isRouteLimitDown = (protocol: BirdProtocolStatus) => protocol.bgpState !== "Established" && protocol.lastError === ROUTE_LIMIT_ERROR;

/**
 * One email per address, route server and day the session went down: a disabled session stays down
 * with the same "since" (one email), a restarting one goes down again after each flood (at most one a day).
 */
export function routeLimitKey(hit: RouteLimitHit, now: Date): string {
  const day = (hit.protocol.since ?? now).toISOString().slice(0, 10);
  return `rs-route-limit:ip:${hit.ipId}:rs:${hit.routeServerId}:down-day:${day}`;
}

function whichLimit(protocol: BirdProtocolStatus): string {
  if (protocol.receiveLimit?.hit) {
    return `it sent more than ${protocol.receiveLimit.limit} routes (our receive limit, which counts filtered routes too)`;
  }
  if (protocol.importLimit?.hit) return `more than ${protocol.importLimit.limit} of its routes passed our filters (your max-prefix limit)`;
  return "it sent more routes than its limits allow";
}

export function routeLimitEmail(
  hit: RouteLimitHit,
  member: { clientName: string; to: string; address: string; asn: number },
  now: Date,
): QueuedEmail {
  const { IX_NAME, IX_SUPPORT_EMAIL } = env();
  const since = hit.protocol.since ?? now;
  return {
    dedupeKey: routeLimitKey(hit, now),
    to: member.to,
    subject: `[${IX_NAME}] Route server ${hit.routeServerName} shut down your BGP session: too many routes`,
    text: [
      `Hello ${member.clientName},`,
      "",
      `route server ${hit.routeServerName} shut down its BGP session with ${member.address} (AS${member.asn}) at ${utcMinute(since)},`,
      `because ${whichLimit(hit.protocol)}.`,
      "",
      "What to check:",
      "  - your export policy towards the route servers: only your own and your customers' prefixes (a leaked full table is the usual cause);",
      "  - that your max-prefix at the IX fits what you announce (you can see and change it in the portal).",
      "",
      hit.protocol.state === "down"
        ? "The session stays down until you have fixed the cause and asked us to enable it again."
        : "The route server tries the session again after a pause; it is shut down again as long as too many routes arrive.",
      `Questions: ${IX_SUPPORT_EMAIL}.`,
    ].join("\n"),
  };
}

/** Queues the emails inside the caller's transaction; returns how many were new (the outbox drops repeats by key). */
export async function queueRouteLimitEmails(tx: Executor, hits: RouteLimitHit[], now: Date): Promise<number> {
  if (hits.length === 0) return 0;
  const members = await tx
    .select({ ipId: ips.id, address: ips.address, asn: asns.asn, clientName: clients.name, contactEmail: clients.contactEmail, nocEmail: clients.nocEmail })
    .from(ips)
    .innerJoin(asns, eq(asns.id, ips.asnId))
    .innerJoin(clients, eq(clients.id, asns.clientId))
    .where(inArray(ips.id, [...new Set(hits.map((h) => h.ipId))]));
  const byIp = new Map(members.map((m) => [m.ipId, m]));
  let queued = 0;
  for (const hit of hits) {
    const member = byIp.get(hit.ipId);
    if (!member) continue;
    // A flood is an operational matter: the NOC address when the member gave one.
    const email = routeLimitEmail(hit, { clientName: member.clientName, to: member.nocEmail ?? member.contactEmail, address: member.address, asn: member.asn }, now);
    if (await enqueueEmail(tx, email, now)) queued++;
  }
  return queued;
}
