import { and, asc, eq, lte } from "drizzle-orm";
import type { Database, Executor } from "@/server/db/client";
import { emailOutbox } from "@/server/db/schema";
import type { MailTransport, OutgoingEmail } from "./transport";

export interface QueuedEmail extends OutgoingEmail {
  /** Same key, same email: enqueueing it again does nothing, so a message is never sent twice. */
  dedupeKey: string;
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

async function attempt(db: Database, transport: MailTransport, id: number, now: Date): Promise<"sent" | "retry" | "failed" | "skipped"> {
  return db.transaction(async (tx) => {
    // SKIP LOCKED: a second worker never sends the message another one is sending.
    const [row] = await tx
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, "pending")))
      .for("update", { skipLocked: true });
    if (!row) return "skipped";
    try {
      await transport.send({ to: row.toAddress, subject: row.subject, text: row.textBody });
      await tx.update(emailOutbox).set({ status: "sent", sentAt: now, attempts: row.attempts + 1, lastError: null }).where(eq(emailOutbox.id, id));
      return "sent";
    } catch (error) {
      const attempts = row.attempts + 1;
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
