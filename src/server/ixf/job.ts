import type { JobContext, JobCounts } from "@/server/jobs/types";
import { exportIxf, generateIxfDocument } from "./service";

/** Every 15 minutes: regenerate the stored IX-F export (a failure keeps the last good one and fails the run). */
export async function runIxfExport(ctx: JobContext): Promise<JobCounts> {
  if (ctx.dryRun) {
    const document = await generateIxfDocument(ctx.db, ctx.now);
    ctx.log(`the export would list ${document.member_list.length} member ASNs and passes its checks`);
    return { members: document.member_list.length };
  }
  const result = await exportIxf(ctx.db, ctx.now);
  ctx.log(`${result.outcome}: ${result.members} member ASNs, ${result.addresses} addresses`);
  return { members: result.members, addresses: result.addresses, written: result.outcome === "written" ? 1 : 0 };
}
