import { and, eq, sql } from "drizzle-orm";
import ipaddr from "ipaddr.js";
import type { Database, Transaction } from "@/server/db/client";
import { rateLimitBuckets, requests } from "@/server/db/schema";
import { env } from "@/server/env";
import { logger } from "@/server/log";
import { enqueueEmail } from "@/server/mail/outbox";
import type { MailTransport } from "@/server/mail/transport";
import { isIpAddress } from "@/shared/validation/ip";
import { HONEYPOT_FIELD, type PeeringRequest } from "@/shared/validation/request";
import { runRequestChecks } from "./checks";
import { deliverAfterCommit } from "./deliver";
import { verificationEmail } from "./emails";
import { RateLimitError, RequestFieldError } from "./errors";
import { retryOnConflict } from "@/server/db/retry";
import { requestFieldProblems } from "./rules";
import { hashToken, newToken } from "./tokens";

const HOUR = 3_600_000;

export interface SubmitOptions {
  /** The submitter's address, for the per-IP limit (null from the CLI). */
  ip: string | null;
  now?: Date;
  transport?: MailTransport;
  limits?: { perIp: number; perEmail: number };
}

/** "dropped" is what a bot filling the honeypot gets: it looks like success and stores nothing. */
export type SubmitOutcome = { kind: "accepted"; requestId: number } | { kind: "dropped" };

interface Bucket {
  kind: "ip" | "email";
  key: string;
  limit: number;
  refusal: string;
  /** The start of the next clock hour, when the bucket is empty again. */
  retryAt: Date;
}

/** The submitter's buckets: per address (an IPv6 client counts per /64, the block one host usually holds) and per email. */
function bucketsFor(input: PeeringRequest, options: SubmitOptions, now: Date): Bucket[] {
  const retryAt = new Date(hourOf(now).getTime() + HOUR);
  const retry = `Please try again after ${retryAt.toISOString().slice(11, 16)} UTC.`;
  const limits = options.limits ?? { perIp: env().REQUEST_LIMIT_PER_IP, perEmail: env().REQUEST_LIMIT_PER_EMAIL };
  const buckets: Bucket[] = [];
  if (options.ip) {
    buckets.push({ kind: "ip", key: addressBucket(options.ip), limit: limits.perIp, retryAt, refusal: `Too many requests from your network this hour. ${retry}` });
  }
  buckets.push({
    kind: "email",
    key: input.contactEmail,
    limit: limits.perEmail,
    retryAt,
    refusal: `Too many requests for ${input.contactEmail} this hour. Check your inbox for our earlier emails. ${retry}`,
  });
  return buckets;
}

export function addressBucket(ip: string): string {
  if (!isIpAddress(ip)) return ip;
  const address = ipaddr.process(ip);
  return address.kind() === "ipv6" ? `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`).toString()}/64` : address.toString();
}

const hourOf = (now: Date) => new Date(Math.floor(now.getTime() / HOUR) * HOUR);
const bucketRow = (bucket: Bucket, now: Date) =>
  and(eq(rateLimitBuckets.kind, bucket.kind), eq(rateLimitBuckets.bucketKey, bucket.key), eq(rateLimitBuckets.windowStart, hourOf(now)));

/** A cheap early refusal, so a flood past the limit costs no PeeringDB lookups; takeBuckets decides. */
async function refuseFullBuckets(db: Database, buckets: Bucket[], now: Date) {
  for (const bucket of buckets) {
    const [row] = await db.select({ hits: rateLimitBuckets.hits }).from(rateLimitBuckets).where(bucketRow(bucket, now));
    if (row && row.hits >= bucket.limit) throw new RateLimitError(bucket.refusal, bucket.retryAt);
  }
}

/**
 * Counts this submission in each bucket inside the transaction that stores it: the upsert locks the
 * bucket's row until commit, so parallel submissions queue here and at most `limit` of them commit.
 * Buckets are taken in one order (address, then email), so two submissions never wait on each other in a cycle.
 */
async function takeBuckets(tx: Transaction, buckets: Bucket[], now: Date) {
  for (const bucket of buckets) {
    await tx
      .insert(rateLimitBuckets)
      .values({ kind: bucket.kind, bucketKey: bucket.key, windowStart: hourOf(now), hits: 1 })
      .onDuplicateKeyUpdate({ set: { hits: sql`${rateLimitBuckets.hits} + 1` } });
    const [row] = await tx.select({ hits: rateLimitBuckets.hits }).from(rateLimitBuckets).where(bucketRow(bucket, now)).for("update");
    // Throwing rolls the increment back with everything else: refused attempts do not fill the bucket.
    if (row!.hits > bucket.limit) throw new RateLimitError(bucket.refusal, bucket.retryAt);
  }
}

/**
 * Stores a peering request as unverified and emails the verification link. Duplicates for the
 * same ASN are stored too: the queue groups them.
 */
export async function submitRequest(db: Database, input: PeeringRequest, options: SubmitOptions): Promise<SubmitOutcome> {
  const now = options.now ?? new Date();
  if (input[HONEYPOT_FIELD]) {
    logger.info({ ip: options.ip }, "peering request dropped: honeypot field filled in");
    return { kind: "dropped" };
  }
  const problems = await requestFieldProblems(db, input);
  if (Object.keys(problems).length > 0) throw new RequestFieldError(problems);
  const buckets = bucketsFor(input, options, now);
  await refuseFullBuckets(db, buckets, now);

  const subject = { ...input, website: input.website ?? null, remoteEndpoint: input.remoteEndpoint ?? null };
  const checks = await runRequestChecks(subject, { db, allowPrivateAsns: env().ALLOW_PRIVATE_ASNS }, undefined, now);
  const token = newToken();
  const statusToken = newToken(24);
  const expiresAt = new Date(now.getTime() + env().REQUEST_VERIFY_HOURS * HOUR);

  // The rate-limit counters are hot rows: a concurrent submission (on another Galera node) may win the commit.
  const { requestId, email } = await retryOnConflict(() => db.transaction(async (tx) => {
    await takeBuckets(tx, buckets, now);
    const [created] = await tx
      .insert(requests)
      .values({
        networkName: input.networkName,
        asn: input.asn,
        contactEmail: input.contactEmail,
        website: input.website ?? null,
        locationId: input.locationId,
        tunnelType: input.tunnelType,
        remoteEndpoint: input.remoteEndpoint ?? null,
        wantsIpv4: input.wantsIpv4,
        publishContact: input.publishContact,
        asSet: input.asSet ?? null,
        comments: input.comments ?? null,
        state: "unverified",
        verificationTokenHash: hashToken(token),
        verificationExpiresAt: expiresAt,
        statusToken,
        submitterIp: options.ip,
        checks: { ...checks },
        createdAt: now,
      })
      .$returningId();
    const id = created!.id;
    const email = verificationEmail({ id, statusToken, ...input }, token, expiresAt);
    await enqueueEmail(tx, email, now);
    return { requestId: id, email };
  }), { what: "storing the peering request" });
  await deliverAfterCommit(db, options.transport, email);
  return { kind: "accepted", requestId };
}
