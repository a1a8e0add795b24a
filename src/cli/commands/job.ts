import type { Command } from "commander";
import { describeRun, recentRuns } from "@/server/jobs/queries";
import { runJobOnce } from "@/server/jobs/run-once";
import { jobRunSchema } from "@/shared/validation/job";
import { continuousServices, scheduledJobs } from "@/worker/jobs";
import { CliError } from "../errors";
import { CLI_ACTOR, getDb } from "../context";

export function registerJobCommands(program: Command): void {
  const job = program.command("job").description("the worker's jobs");

  job
    .command("list")
    .description("every job with its schedule and last run")
    .action(async () => {
      const db = getDb();
      for (const entry of scheduledJobs()) {
        const [last] = await recentRuns(db, entry.name, 1);
        console.log(`${entry.name.padEnd(14)} ${entry.schedule.padEnd(18)} ${last ? describeRun(last) : "never run"}`);
        console.log(`${"".padEnd(14)} ${entry.description}`);
      }
      for (const service of continuousServices) {
        console.log(`${service.name.padEnd(14)} ${"continuous".padEnd(18)} ${service.idleReason() ?? "runs in the worker"}`);
        console.log(`${"".padEnd(14)} ${service.description}`);
      }
    });

  job
    .command("run <name>")
    .description("run one job once, now")
    .option("--now <iso-time>", "evaluate the job as of this time (e.g. 2026-01-31T09:00:00Z)")
    .option("--dry-run", "print what it would do and change nothing")
    .action(async (name: string, options: { now?: string; dryRun?: boolean }) => {
      const input = jobRunSchema.parse({ name, now: options.now, dryRun: options.dryRun ?? false });
      const result = await runJobOnce(input, CLI_ACTOR, (line) => console.log(line));
      if (result.outcome === "skipped") throw new CliError(result.reason);
      if (result.outcome === "error") throw new CliError(`${name} failed: ${result.error}`);
      const counts = Object.entries(result.counts).map(([key, value]) => `${key} ${value}`).join(", ");
      console.log(`${name}: ${input.dryRun ? "dry run, nothing changed" : "ok"}${counts ? ` (${counts})` : ""}`);
    });
}
