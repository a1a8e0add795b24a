import type { Database } from "@/server/db/client";
import { logger } from "@/server/log";
import { sendEmail, type QueuedEmail } from "@/server/mail/outbox";
import { mailTransport, type MailTransport } from "@/server/mail/transport";

/**
 * Tries an email that a committed transaction queued (same dedupe key, so it is not queued twice).
 * If SMTP is down the outbox job retries it, so this never fails the caller.
 */
export async function deliverAfterCommit(db: Database, transport: MailTransport | undefined, email: QueuedEmail): Promise<void> {
  try {
    await sendEmail(db, transport ?? mailTransport(), email);
  } catch (error) {
    logger.warn({ err: error, to: email.to }, "immediate email delivery failed; the outbox will retry");
  }
}
