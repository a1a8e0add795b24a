import { eq } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { maintenanceWindows, routeServers } from "@/server/db/schema";
import { env } from "@/server/env";
import type { JobContext, JobCounts } from "@/server/jobs/types";
import { markRouteServersChanged } from "@/server/routeserver/config-changed";
import { REMINDER_BEFORE_MS } from "./emails";
import { queueMaintenanceEmails } from "./service";
import { describeTarget, listMaintenance, type MaintenanceRecord } from "./windows";
import { windowCoversRouteServer } from "./scope";
import { shutdownStartsAt } from "./shutdown";

async function coveredRouteServerIds(db: Executor, window: MaintenanceRecord): Promise<number[]> {
  const all = await db.select({ id: routeServers.id, locationId: routeServers.locationId }).from(routeServers).where(eq(routeServers.active, true));
  return all.filter((rs) => windowCoversRouteServer(window, rs)).map((rs) => rs.id);
}

type Step = "shutdown" | "reminder" | "ended" | "shutdownLifted";

/** What is due for a window at `now`; each step is recorded on the row so it happens once. */
function dueSteps(window: MaintenanceRecord, now: Date, leadMinutes: number): Step[] {
  const steps: Step[] = [];
  if (window.cancelledAt) {
    // Cancelled while the route servers were already signalling: render them without it again.
    if (window.shutdownSignalledAt && !window.endedAt) steps.push("shutdownLifted");
    return steps;
  }
  const over = window.endsAt <= now;
  if (!window.shutdownSignalledAt && !over && shutdownStartsAt(window, leadMinutes) <= now) steps.push("shutdown");
  if (!window.remindedAt && now.getTime() >= window.startsAt.getTime() - REMINDER_BEFORE_MS && now < window.startsAt) steps.push("reminder");
  if (!window.endedAt && over) steps.push("ended");
  return steps;
}

/**
 * Every minute: drives each maintenance window through its life. The route servers it concerns are marked
 * changed when graceful shutdown starts (MAINTENANCE_GSHUT_LEAD_MINUTES before the window) and when the
 * window ends, so the config rollout re-renders them; members get the 24-hour reminder and the "ended" email.
 */
export async function runMaintenance(ctx: JobContext): Promise<JobCounts> {
  const counts = { windows: 0, routeServersMarked: 0, reminders: 0, endedEmails: 0 };
  const lead = env().MAINTENANCE_GSHUT_LEAD_MINUTES;
  const pending = (await listMaintenance(ctx.db, { now: ctx.now, includePast: true })).filter((window) => !window.endedAt);
  for (const window of pending) {
    const steps = dueSteps(window, ctx.now, lead);
    if (steps.length === 0) continue;
    counts.windows++;
    const what = `maintenance #${window.id} (${describeTarget(window)})`;
    if (ctx.dryRun) {
      ctx.log(`would do for ${what}: ${steps.join(", ")}`);
      continue;
    }
    await ctx.db.transaction(async (tx) => {
      const done: Partial<typeof maintenanceWindows.$inferInsert> = {};
      for (const step of steps) {
        if (step === "shutdown" || step === "ended" || step === "shutdownLifted") {
          const ids = await coveredRouteServerIds(tx, window);
          await markRouteServersChanged(tx, ids, ctx.now);
          counts.routeServersMarked += ids.length;
          ctx.log(`${what}: ${step === "shutdown" ? "graceful shutdown starts" : "graceful shutdown ends"}; ${ids.length} route server(s) marked for the config rollout`);
        }
        if (step === "shutdown") done.shutdownSignalledAt = ctx.now;
        if (step === "reminder") {
          const queued = await queueMaintenanceEmails(tx, window, "reminder", ctx.now);
          counts.reminders += queued;
          done.remindedAt = ctx.now;
          ctx.log(`${what}: ${queued} reminder(s) queued`);
        }
        if (step === "ended") {
          const queued = await queueMaintenanceEmails(tx, window, "ended", ctx.now);
          counts.endedEmails += queued;
          ctx.log(`${what}: over, ${queued} email(s) queued`);
        }
        if (step === "ended" || step === "shutdownLifted") done.endedAt = ctx.now;
      }
      await tx.update(maintenanceWindows).set(done).where(eq(maintenanceWindows.id, window.id));
    });
  }
  return counts;
}
