import { and, count, eq, lte, min, sql } from "drizzle-orm";
import { emailOutbox } from "@/server/db/schema";
import { OUTBOX_STATES } from "@/shared/enums";
import { gauge, setRows, type MetricsCollector } from "../collector";

/** The email outbox: what waits, what is overdue (the backlog), what failed for good. */
export const outboxCollector: MetricsCollector = {
  domain: "outbox",
  register(registry) {
    const emails = gauge(registry, { name: "ixp_outbox_emails", help: "Emails in the outbox by status (failed: gave up after the last retry).", labelNames: ["status"] });
    const due = gauge(registry, { name: "ixp_outbox_due_emails", help: "Pending emails whose next attempt is due now: the backlog the outbox job has not sent yet." });
    const retrying = gauge(registry, { name: "ixp_outbox_retrying_emails", help: "Pending emails that failed at least once and wait for a retry." });
    const oldest = gauge(registry, { name: "ixp_outbox_oldest_pending_age_seconds", help: "Age of the oldest pending email (0 when none waits)." });
    return async (db, now) => {
      const byStatus = await db.select({ status: emailOutbox.status, n: count() }).from(emailOutbox).groupBy(emailOutbox.status);
      setRows(emails, byStatus.map((r) => ({ labels: { status: r.status }, value: r.n })), OUTBOX_STATES.map((status) => ({ status })));
      const pending = eq(emailOutbox.status, "pending");
      const [backlog] = await db.select({ n: count() }).from(emailOutbox).where(and(pending, lte(emailOutbox.nextAttemptAt, now)));
      due.set(backlog?.n ?? 0);
      const [waiting] = await db.select({ retries: sql<number>`coalesce(sum(${emailOutbox.attempts} > 0), 0)`.mapWith(Number), since: min(emailOutbox.createdAt) }).from(emailOutbox).where(pending);
      retrying.set(waiting?.retries ?? 0);
      oldest.set(waiting?.since ? Math.max(0, (now.getTime() - waiting.since.getTime()) / 1000) : 0);
    };
  },
};
