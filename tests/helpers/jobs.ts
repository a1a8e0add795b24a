import type { Database } from "@/server/db/client";
import { markRouteServerConfigChanged } from "@/server/jobs/context";
import { runJob } from "@/server/jobs/runner";
import type { JobContext } from "@/server/jobs/types";
import { createMailTransport } from "@/server/mail/transport";
import { findJob } from "@/worker/jobs";

/** Runs a registered job as of `now` through the runner the worker uses (lease, job_runs); throws unless it ends ok. */
export async function runJobAt(db: Database, name: string, now: Date, mailUrl?: string) {
  const context: Omit<JobContext, "db" | "log"> = {
    now,
    dryRun: false,
    actor: "worker:test",
    mail: createMailTransport(mailUrl, "IXP Test <noreply@example.net>"),
    onRouteServerConfigChanged: markRouteServerConfigChanged(db, now),
  };
  const result = await runJob(findJob(name)!, { db, runBy: "test", context, asOf: now });
  if (result.outcome !== "ok") throw new Error(`${name}: ${JSON.stringify(result)}`);
  return result.counts;
}
