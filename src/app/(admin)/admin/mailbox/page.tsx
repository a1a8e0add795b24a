import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { LinkedText } from "@/components/linked-text";
import { deliveryStatus, listOutbox } from "@/server/mail/mailbox";

export const metadata: Metadata = { title: "Mailbox" };

/** Admins only: sign-in links pass through here. */
export default async function MailboxPage() {
  await requireRole("admin", "/admin/mailbox");
  const emails = await listOutbox(getDb());
  return (
    <section className="space-y-4">
      <PageHeader title="Mailbox" />
      <p className="text-sm text-slate-600">
        Every email the portal sends goes through this outbox first; pending ones are retried by the worker. Without an SMTP server, read them here.
      </p>
      <ul className="space-y-3">
        {emails.map((email) => (
          <li key={email.id} className="rounded border border-slate-200 bg-white p-3" data-testid="mailbox-email">
            <details>
              <summary className="cursor-pointer text-sm">
                <span className="font-medium">{email.subject}</span> → {email.toAddress}
                <span className="ml-2 text-xs text-slate-500">
                  {email.createdAt.toISOString().slice(0, 19).replace("T", " ")} · {deliveryStatus(email)}
                </span>
              </summary>
              {email.lastError && <p className="mt-2 text-xs text-red-700">Last error: {email.lastError}</p>}
              <pre className="mt-2 whitespace-pre-wrap break-all text-sm">
                <LinkedText text={email.textBody} />
              </pre>
            </details>
          </li>
        ))}
      </ul>
      {emails.length === 0 && <p className="text-sm text-slate-600">No emails yet.</p>}
    </section>
  );
}
