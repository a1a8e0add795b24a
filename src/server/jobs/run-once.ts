import { getDb } from "@/server/db/client";
import { DomainError } from "@/server/errors";
import type { JobRunInput } from "@/shared/validation/job";
import { continuousServices, findJob, scheduledJobs } from "@/worker/jobs";
import { createJobContext } from "./context";
import { runJob, type RunResult } from "./runner";

/** Runs a registered job once, now (or as of input.now), for the CLI and the Jobs page. */
export async function runJobOnce(input: JobRunInput, runBy: string, log?: (line: string) => void): Promise<RunResult> {
  const job = findJob(input.name);
  if (!job) {
    if (continuousServices.some((service) => service.name === input.name)) {
      throw new DomainError(`${input.name} runs continuously in the worker; it cannot be run once`);
    }
    throw new DomainError(`no job named "${input.name}" (jobs: ${scheduledJobs().map((j) => j.name).join(", ")})`);
  }
  const db = getDb();
  const context = createJobContext({ db, now: input.now, dryRun: input.dryRun, actor: runBy, log });
  return runJob(job, { db, runBy, context, asOf: input.now, lockWaitSeconds: 30 });
}
