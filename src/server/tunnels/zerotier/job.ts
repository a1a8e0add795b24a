import { DomainError } from "@/server/errors";
import { env } from "@/server/env";
import type { JobContext, JobCounts } from "@/server/jobs/types";
import { ZerotierController } from "./client";
import { reconcileZerotier } from "./reconcile";

/** Every 5 minutes, when a controller token is configured: make the controller's members match the database. */
export async function runZerotierReconcile(ctx: JobContext): Promise<JobCounts> {
  const { ZEROTIER_CONTROLLER_URL, ZEROTIER_TOKEN } = env();
  if (!ZEROTIER_TOKEN) {
    ctx.log("ZEROTIER_TOKEN is not set: nothing to reconcile");
    return { skipped: 1 };
  }
  const result = await reconcileZerotier(ctx.db, new ZerotierController(ZEROTIER_CONTROLLER_URL, ZEROTIER_TOKEN), { dryRun: ctx.dryRun });
  for (const action of result.actions) ctx.log(`${action.action} ${action.nodeId} on ${action.networkId}`);
  if (result.errors.length) throw new DomainError(result.errors.join("; "));
  return { changes: result.actions.length };
}
