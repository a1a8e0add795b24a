import { and, count, eq, lte } from "drizzle-orm";
import { emailOutbox } from "@/server/db/schema";
import type { JobCounts, JobContext } from "@/server/jobs/types";
import { deliverDueEmails } from "./outbox";

/** Every 30 s: send what is due; failures are retried with back-off by the outbox itself. */
export async function runOutbox(ctx: JobContext): Promise<JobCounts> {
  if (ctx.dryRun) {
    const [due] = await ctx.db
      .select({ n: count() })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, ctx.now)));
    ctx.log(`would try to send ${due?.n ?? 0} due email(s) via ${ctx.mail.kind}`);
    return { due: due?.n ?? 0 };
  }
  const counts = await deliverDueEmails(ctx.db, ctx.mail, ctx.now);
  if (counts.sent + counts.retry + counts.failed > 0) ctx.log(`sent ${counts.sent}, will retry ${counts.retry}, gave up on ${counts.failed}`);
  return counts;
}
