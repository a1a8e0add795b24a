import { and, asc, eq, lte } from "drizzle-orm";
import type { Database, Executor } from "@/server/db/client";
import { retryOnConflict } from "@/server/db/retry";
import { emailOutbox } from "@/server/db/schema";
import type { MailTransport } from "./transport";

export interface QueuedEmail {
  /** Same key, same email: enqueueing it again does nothing, and every copy sent carries the same Message-ID. */
  dedupeKey: string;
  to: string;
  subject: string;
  text: string;
}

export const MAX_ATTEMPTS = 10;

/** Retry after 30 s, 1 min, 2 min, ... capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** Adds an email to the outbox inside the caller's transaction; returns false if the key was already queued. */
export async function enqueueEmail(db: Executor, email: QueuedEmail, now = new Date()): Promise<boolean> {
  const [result] = await db
    .insert(emailOutbox)
    .ignore()
    .values({
      dedupeKey: email.dedupeKey.slice(0, 191),
      toAddress: email.to,
      subject: email.subject.slice(0, 255),
      textBody: email.text,
      nextAttemptAt: now,
    });
  return result.affectedRows === 1;
}

/**
 * How long a claimed message is left to its sender. A sender that dies (or loses its database) after claiming
 * leaves the row pending, and it is tried again once this has passed: at least once, never twice at a time.
 */
export const CLAIM_MS = 5 * 60_000;

type OutboxRow = typeof emailOutbox.$inferSelect;

/**
 * The one way a sender (the outbox job or a direct send) takes a due message: a committed conditional update
 * that counts the attempt and moves next_attempt_at past the claim window. Row locks (SKIP LOCKED) would be
 * local to one Galera node; this update is not: of two nodes claiming at once, one commit fails certification
 * and its retry finds the row no longer due. The attempt count doubles as the claim's token.
 */
async function claimDueEmail(db: Database, id: number, now: Date): Promise<OutboxRow | null> {
  return retryOnConflict(
    async () => {
      const [row] = await db
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, now)));
      if (!row) return null;
      // The update re-checks everything it depends on, so it needs no transaction around the read.
      const attempts = row.attempts + 1;
      const [claimed] = await db
        .update(emailOutbox)
        .set({ attempts, nextAttemptAt: new Date(now.getTime() + CLAIM_MS) })
        .where(and(ownClaim(id, row.attempts), lte(emailOutbox.nextAttemptAt, now)));
      return claimed.affectedRows === 1 ? { ...row, attempts } : null;
    },
    { what: `claiming email #${id}` },
  );
}

/** Still pending and still at our attempt: no other sender claimed it since, nobody marked it sent. */
const ownClaim = (id: number, attempts: number) => and(eq(emailOutbox.id, id), eq(emailOutbox.status, "pending"), eq(emailOutbox.attempts, attempts));

async function attempt(db: Database, transport: MailTransport, id: number, now: Date): Promise<"sent" | "retry" | "failed" | "skipped"> {
  const row = await claimDueEmail(db, id, now);
  if (!row) return "skipped";
  const { attempts } = row;
  try {
    await transport.send({ dedupeKey: row.dedupeKey, to: row.toAddress, subject: row.subject, text: row.textBody });
  } catch (error) {
    const failed = attempts >= MAX_ATTEMPTS;
    // Only over our own claim: a send failure never re-queues a row that another sender has since marked sent.
    await retryOnConflict(
      () =>
        db
          .update(emailOutbox)
          .set({
            status: failed ? "failed" : "pending",
            lastError: (error as Error).message.slice(0, 1000),
            nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
          })
          .where(ownClaim(id, attempts)),
      { what: `recording the failed send of email #${id}` },
    );
    return failed ? "failed" : "retry";
  }
  // Outside the try: the email has left. If recording that fails, the error propagates and the row stays claimed
  // until CLAIM_MS has passed; then it is sent again, with the same Message-ID. It is never counted as a failed send.
  await retryOnConflict(
    () => db.update(emailOutbox).set({ status: "sent", sentAt: now, lastError: null, deliveredVia: transport.kind }).where(ownClaim(id, attempts)),
    { what: `recording that email #${id} was sent` },
  );
  return "sent";
}

/** Sends what is due; safe to run from several processes at once. */
export async function deliverDueEmails(db: Database, transport: MailTransport, now = new Date(), limit = 100) {
  const due = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, now)))
    .orderBy(asc(emailOutbox.nextAttemptAt))
    .limit(limit);
  const counts = { sent: 0, retry: 0, failed: 0, skipped: 0 };
  for (const { id } of due) counts[await attempt(db, transport, id, now)]++;
  return counts;
}

/** Queue, then try to deliver at once; the outbox job retries if SMTP is down. */
export async function sendEmail(db: Database, transport: MailTransport, email: QueuedEmail, now = new Date()) {
  await enqueueEmail(db, email, now);
  const [row] = await db.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.dedupeKey, email.dedupeKey.slice(0, 191)));
  return row ? attempt(db, transport, row.id, now) : "skipped";
}
