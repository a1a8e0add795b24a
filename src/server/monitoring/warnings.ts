import { eq } from "drizzle-orm";
import { emailOutbox } from "@/server/db/schema";
import type { JobCounts, JobContext } from "@/server/jobs/types";
import { enqueueEmail } from "@/server/mail/outbox";
import { warningEmail, warningKey } from "./emails";
import { groupByMember, ipsDueForWarning, outageStart } from "./queries";
import { monitoringRules, warningStep, type MonitoringRules } from "./rules";

/**
 * Daily: one email per member per warning step while all their sessions are down. The outbox key makes
 * a second run (or a retry after SMTP trouble) a no-op; delivery itself is the outbox job's.
 */
export async function runWarnings(ctx: JobContext, rules: MonitoringRules = monitoringRules()): Promise<JobCounts> {
  const counts = { members: 0, queued: 0, alreadySent: 0 };
  for (const notice of groupByMember(await ipsDueForWarning(ctx.db, rules, ctx.now))) {
    const since = outageStart(notice);
    const step = warningStep(since, ctx.now, rules);
    counts.members++;
    const key = warningKey(notice.clientId, since, step);
    const what = `warning ${step + 1} to ${notice.clientName} <${notice.contactEmail}> about ${notice.ips.map((ip) => ip.address).join(", ")}`;
    if (ctx.dryRun) {
      const [existing] = await ctx.db.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.dedupeKey, key));
      ctx.log(existing ? `already queued: ${what}` : `would queue ${what}`);
      counts[existing ? "alreadySent" : "queued"]++;
      continue;
    }
    const queued = await enqueueEmail(ctx.db, warningEmail(notice, rules, key), ctx.now);
    ctx.log(queued ? `queued ${what}` : `already queued: ${what}`);
    counts[queued ? "queued" : "alreadySent"]++;
  }
  return counts;
}
