import { and, eq, inArray } from "drizzle-orm";
import { auditLog, ips } from "@/server/db/schema";
import type { JobCounts, JobContext } from "@/server/jobs/types";
import { enqueueEmail } from "@/server/mail/outbox";
import { deprovisionedEmail, deprovisionedKey } from "./emails";
import { groupByMember, ipsDueForDeprovisioning, outageStart } from "./queries";
import { monitoringRules, type MonitoringRules } from "./rules";

/**
 * Daily: monitored IPs with every session down for deprovisionAfterDays lose `provisioned`. Per member,
 * one transaction clears the flags, writes the audit entries and queues the final email; the IPs and the
 * tunnel stay allocated. Afterwards the route servers are told their config changed.
 */
export async function runDeprovision(ctx: JobContext, rules: MonitoringRules = monitoringRules()): Promise<JobCounts> {
  const counts = { members: 0, ips: 0 };
  const rows = await ipsDueForDeprovisioning(ctx.db, rules, ctx.now);
  for (const notice of groupByMember(rows)) {
    const ipIds = rows.filter((row) => row.clientId === notice.clientId).map((row) => row.ipId);
    const what = `${notice.clientName}: ${notice.ips.map((ip) => ip.address).join(", ")}`;
    let changed = ipIds.length;
    if (ctx.dryRun) {
      ctx.log(`would deprovision ${what} and email ${notice.contactEmail}`);
    } else {
      changed = await ctx.db.transaction(async (tx) => {
        // Re-check inside the transaction: an IP re-enabled or seen up meanwhile is left alone.
        const stillDown = await tx
          .select({ id: ips.id, state: ips.state })
          .from(ips)
          .where(and(inArray(ips.id, ipIds), eq(ips.provisioned, true), eq(ips.monitor, true), eq(ips.rsSession, "down")))
          .for("update");
        if (stillDown.length === 0) return 0;
        await tx
          .update(ips)
          .set({ provisioned: false, deprovisionedAt: ctx.now, state: "decommissioned" })
          .where(inArray(ips.id, stillDown.map((ip) => ip.id)));
        await tx.insert(auditLog).values(
          stillDown.map((ip) => ({
            actor: ctx.actor,
            action: "ip.deprovision",
            entityType: "ip",
            entityId: String(ip.id),
            before: { provisioned: true, state: ip.state },
            after: { provisioned: false, state: "decommissioned", deprovisionedAt: ctx.now.toISOString(), reason: `all route-server sessions down for ${rules.deprovisionAfterDays} days` },
          })),
        );
        const key = deprovisionedKey(notice.clientId, ipIds, outageStart(notice));
        await enqueueEmail(tx, deprovisionedEmail(notice, rules, key), ctx.now);
        return stillDown.length;
      });
      if (changed === 0) continue;
      ctx.log(`deprovisioned ${what}; final email queued to ${notice.contactEmail}`);
    }
    counts.members++;
    counts.ips += changed;
  }
  if (counts.ips > 0 && !ctx.dryRun) await ctx.onRouteServerConfigChanged();
  return counts;
}
