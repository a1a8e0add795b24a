import { createHash } from "node:crypto";
import nodemailer from "nodemailer";
import { env } from "@/server/env";
import type { MailDelivery } from "@/shared/enums";
import type { QueuedEmail } from "./outbox";

export interface MailTransport {
  /** "smtp", or "mailbox" when no SMTP server is configured and mail is only kept in the outbox. */
  kind: MailDelivery;
  send(email: QueuedEmail): Promise<void>;
}

/**
 * The same for every copy of one message: delivery is at-least-once (a worker killed mid-send sends again),
 * so receiving systems can drop the duplicate. Built from the dedupe key and the sender's domain.
 */
export function messageIdFor(dedupeKey: string, from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? "localhost";
  return `<${createHash("sha256").update(dedupeKey).digest("hex").slice(0, 32)}@${domain}>`;
}

export function createMailTransport(smtpUrl = env().SMTP_URL, from = env().MAIL_FROM): MailTransport {
  if (!smtpUrl) {
    // Demo and development: the admin mailbox page shows what would have been sent.
    return { kind: "mailbox", send: async () => undefined };
  }
  const transporter = nodemailer.createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  return {
    kind: "smtp",
    async send(email) {
      await transporter.sendMail({ from, to: email.to, subject: email.subject, text: email.text, messageId: messageIdFor(email.dedupeKey, from) });
    },
  };
}

let shared: MailTransport | undefined;
export function mailTransport(): MailTransport {
  shared ??= createMailTransport();
  return shared;
}
