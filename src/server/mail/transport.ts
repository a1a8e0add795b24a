import nodemailer from "nodemailer";
import { env } from "@/server/env";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  /** "smtp", or "mailbox" when no SMTP server is configured and mail is only kept in the outbox. */
  kind: "smtp" | "mailbox";
  send(email: OutgoingEmail): Promise<void>;
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
      await transporter.sendMail({ from, to: email.to, subject: email.subject, text: email.text });
    },
  };
}

let shared: MailTransport | undefined;
export function mailTransport(): MailTransport {
  shared ??= createMailTransport();
  return shared;
}
