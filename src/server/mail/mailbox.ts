import { desc, eq, lt, and, type SQL } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { emailOutbox } from "@/server/db/schema";
import type { OUTBOX_STATES } from "@/shared/enums";

export const MAILBOX_PAGE_SIZE = 50;

/** The outbox as a mailbox, newest first, so the demo's emails are readable without a mail server. */
export async function listOutbox(db: Executor, options: { status?: (typeof OUTBOX_STATES)[number]; before?: number } = {}) {
  const conditions: SQL[] = [];
  if (options.status) conditions.push(eq(emailOutbox.status, options.status));
  if (options.before) conditions.push(lt(emailOutbox.id, options.before));
  return db
    .select({
      id: emailOutbox.id,
      toAddress: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      textBody: emailOutbox.textBody,
      status: emailOutbox.status,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
      nextAttemptAt: emailOutbox.nextAttemptAt,
      sentAt: emailOutbox.sentAt,
      deliveredVia: emailOutbox.deliveredVia,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(emailOutbox.id))
    .limit(MAILBOX_PAGE_SIZE);
}

type MailboxEmail = Awaited<ReturnType<typeof listOutbox>>[number];

/** What happened to an email, in words: mail kept for the mailbox page never left the machine. */
export function deliveryStatus(email: Pick<MailboxEmail, "status" | "deliveredVia" | "attempts" | "nextAttemptAt">): string {
  if (email.status === "sent" && email.deliveredVia === "mailbox") return "kept in the mailbox (no SMTP configured)";
  const attempts = `${email.attempts} attempt${email.attempts === 1 ? "" : "s"}`;
  if (email.status === "pending") return `pending · ${attempts} · next ${email.nextAttemptAt.toISOString().slice(11, 19)}`;
  return `${email.status} · ${attempts}`;
}
