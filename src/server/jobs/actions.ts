"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/server/actions/action";
import { jobRunSchema } from "@/shared/validation/job";
import { runJobOnce } from "./run-once";

/** "Run now" on the admin Jobs page: runs the job in the web process, under the same lock as the worker. */
export const runJobNow = formAction({
  role: "volunteer",
  schema: jobRunSchema,
  async handler(input, { user }) {
    const result = await runJobOnce(input, `web:${user?.email ?? "unknown"}`);
    revalidatePath("/admin/jobs");
    if (result.outcome === "skipped") return { ok: false, message: result.reason };
    if (result.outcome === "error") return { ok: false, message: `${input.name} failed: ${result.error}` };
    const counts = Object.entries(result.counts).map(([key, value]) => `${key} ${value}`).join(", ");
    return { ok: true, message: `${input.name} ran${input.dryRun ? " (dry run)" : ""}${counts ? `: ${counts}` : ""}` };
  },
});
