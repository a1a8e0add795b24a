import { createHash } from "node:crypto";
import { env } from "@/server/env";
import type { QueuedEmail } from "@/server/mail/outbox";

/** The sign-in email; the dedupe key is per link (each holds a fresh token), so a second request sends a new one. */
export function loginEmail(email: string, url: string): QueuedEmail {
  const linkId = createHash("sha256").update(url).digest("hex").slice(0, 16);
  return {
    dedupeKey: `login:${email}:${linkId}`,
    to: email,
    subject: `Sign in to ${env().IX_NAME}`,
    text: [
      `Hello,`,
      ``,
      `Use this link to sign in to the ${env().IX_NAME} portal. It works once and expires in 24 hours:`,
      ``,
      url,
      ``,
      `If you did not ask to sign in, ignore this email.`,
    ].join("\n"),
  };
}
