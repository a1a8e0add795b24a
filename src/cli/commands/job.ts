import type { Command } from "commander";
import { describeServiceReport, jobsOverview } from "@/server/jobs/overview";
import { describeRun } from "@/server/jobs/queries";
import { runJobOnce } from "@/server/jobs/run-once";
import { jobRunSchema } from "@/shared/validation/job";
import { CliError } from "../errors";
import { CLI_ACTOR, getDb } from "../context";

export function registerJobCommands(program: Command): void {
  const job = program.command("job").description("the worker's jobs");

  job
    .command("list")
    .description("every job with its schedule and last run")
    .action(async () => {
      // The services' state comes from the workers' heartbeats: the CLI's own environment says nothing about them.
      const { jobs, services } = await jobsOverview(getDb());
      const rows = [
        ...jobs.map((entry) => ({ ...entry, states: [entry.runs[0] ? describeRun(entry.runs[0]) : "never run"] })),
        ...services.map((service) => ({
          ...service,
          schedule: "continuous",
          states: service.reports.length ? service.reports.map(describeServiceReport) : ["no worker reports it (is a worker running?)"],
        })),
      ];
      const nameWidth = Math.max(...rows.map((row) => row.name.length)) + 2;
      const scheduleWidth = Math.max(...rows.map((row) => row.schedule.length)) + 2;
      for (const row of rows) {
        const [first, ...more] = row.states;
        console.log(`${row.name.padEnd(nameWidth)}${row.schedule.padEnd(scheduleWidth)}${first}`);
        for (const state of more) console.log(`${"".padEnd(nameWidth + scheduleWidth)}${state}`);
        console.log(`${"".padEnd(nameWidth)}${row.description}`);
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
