import { and, asc, eq, lte } from "drizzle-orm";
import type { Database, Executor } from "@/server/db/client";
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
 * The one way a sender (the outbox job or a direct send) takes a due message: the row stays locked until the
 * caller's transaction ends, and SKIP LOCKED makes any other sender pass over it instead of sending it too.
 */
async function claimDueEmail(tx: Executor, id: number, now: Date) {
  const [row] = await tx
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, now)))
    .for("update", { skipLocked: true });
  return row;
}

async function attempt(db: Database, transport: MailTransport, id: number, now: Date): Promise<"sent" | "retry" | "failed" | "skipped"> {
  return db.transaction(async (tx) => {
    const row = await claimDueEmail(tx, id, now);
    if (!row) return "skipped";
    const attempts = row.attempts + 1;
    try {
      await transport.send({ dedupeKey: row.dedupeKey, to: row.toAddress, subject: row.subject, text: row.textBody });
    } catch (error) {
      const failed = attempts >= MAX_ATTEMPTS;
      await tx
        .update(emailOutbox)
        .set({
          attempts,
          status: failed ? "failed" : "pending",
          lastError: (error as Error).message.slice(0, 1000),
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
        })
        .where(eq(emailOutbox.id, id));
      return failed ? "failed" : "retry";
    }
    // Outside the try: the email has left. If recording that fails, the error propagates and the transaction
    // rolls back (row pending, attempt not counted); the next try is a duplicate with the same Message-ID.
    await tx.update(emailOutbox).set({ status: "sent", sentAt: now, attempts, lastError: null, deliveredVia: transport.kind }).where(eq(emailOutbox.id, id));
    return "sent";
  });
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
