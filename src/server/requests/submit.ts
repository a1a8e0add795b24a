import { and, count, eq, gt } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { requests } from "@/server/db/schema";
import { env } from "@/server/env";
import { logger } from "@/server/log";
import { enqueueEmail } from "@/server/mail/outbox";
import type { MailTransport } from "@/server/mail/transport";
import { HONEYPOT_FIELD, type PeeringRequest } from "@/shared/validation/request";
import { runRequestChecks } from "./checks";
import { deliverAfterCommit } from "./deliver";
import { verificationEmail } from "./emails";
import { RateLimitError, RequestFieldError } from "./errors";
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

async function enforceRateLimits(db: Database, input: PeeringRequest, options: SubmitOptions, now: Date) {
  const limits = options.limits ?? { perIp: env().REQUEST_LIMIT_PER_IP, perEmail: env().REQUEST_LIMIT_PER_EMAIL };
  const since = new Date(now.getTime() - HOUR);
  const recent = async (condition: ReturnType<typeof eq>) =>
    (await db.select({ n: count() }).from(requests).where(and(condition, gt(requests.createdAt, since))))[0]?.n ?? 0;
  if (options.ip && (await recent(eq(requests.submitterIp, options.ip))) >= limits.perIp) {
    throw new RateLimitError("Too many requests from your network in the last hour. Please try again later.");
  }
  if ((await recent(eq(requests.contactEmail, input.contactEmail))) >= limits.perEmail) {
    throw new RateLimitError(`Too many requests for ${input.contactEmail} in the last hour. Check your inbox for our earlier emails, or try again later.`);
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
  await enforceRateLimits(db, input, options, now);

  const subject = { ...input, website: input.website ?? null, remoteEndpoint: input.remoteEndpoint ?? null };
  const checks = await runRequestChecks(subject, { db, allowPrivateAsns: env().ALLOW_PRIVATE_ASNS }, undefined, now);
  const token = newToken();
  const statusToken = newToken(24);
  const expiresAt = new Date(now.getTime() + env().REQUEST_VERIFY_HOURS * HOUR);

  const { requestId, email } = await db.transaction(async (tx) => {
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
  });
  await deliverAfterCommit(db, options.transport, email);
  return { kind: "accepted", requestId };
}
