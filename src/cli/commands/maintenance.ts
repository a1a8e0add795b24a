import type { Command } from "commander";
import { ZodError } from "zod";
import { FieldError } from "@/server/errors";
import { affectedMembers } from "@/server/maintenance/queries";
import { describeTarget, findMaintenance, listMaintenance, windowStatus, type MaintenanceRecord } from "@/server/maintenance/windows";
import { cancelMaintenance, scheduleMaintenance } from "@/server/maintenance/service";
import { idSchema } from "@/shared/validation/form";
import { maintenanceInputSchema } from "@/shared/validation/maintenance";
import { CliError } from "../errors";
import { CLI_ACTOR, getDb, printJson } from "../context";
import { utcMinute } from "@/shared/utc";

/** Schema field → the option a CLI user typed, so errors name what they can fix. */
const OPTION_OF: Record<string, string> = { scope: "--scope", target: "--target", startsAt: "--start", endsAt: "--end", reason: "--reason", impact: "--impact" };

function parseId(text: string): number {
  const parsed = idSchema.safeParse(text);
  if (!parsed.success) throw new CliError(`${JSON.stringify(text)} is not a maintenance id (see ixp maintenance list)`);
  return parsed.data;
}

const line = (window: MaintenanceRecord, now: Date) =>
  `#${window.id}  ${windowStatus(window, now).padEnd(9)} ${utcMinute(window.startsAt)} – ${utcMinute(window.endsAt)}  ${describeTarget(window)}: ${window.reason}`;

export function registerMaintenanceCommands(program: Command): void {
  const maintenance = program.command("maintenance").description("planned maintenance of a POP, a route server or the whole IX");

  maintenance
    .command("add")
    .description("schedule a maintenance window and email the members it concerns")
    .requiredOption("--scope <scope>", "pop, route-server or ix")
    .option("--target <name>", "the POP code (scope pop) or the route server's name (scope route-server)")
    .requiredOption("--start <time>", 'window start in UTC, e.g. "2026-12-01 22:00"')
    .requiredOption("--end <time>", "window end in UTC")
    .requiredOption("--reason <text>", "what is being done, in one line")
    .requiredOption("--impact <text>", "what members will notice")
    .action(async (options: { scope: string; target?: string; start: string; end: string; reason: string; impact: string }) => {
      const parsed = maintenanceInputSchema.safeParse({ ...options, startsAt: options.start, endsAt: options.end });
      if (!parsed.success) throw new CliError(describeIssues(parsed.error));
      const { window, emailsQueued } = await scheduleMaintenance(getDb(), CLI_ACTOR, parsed.data).catch((error: unknown) => {
        throw error instanceof FieldError ? new CliError(renameOptions(error.message)) : error;
      });
      console.log(`scheduled ${line(window, new Date())}`);
      console.log(`${emailsQueued} member(s) emailed`);
    });

  maintenance
    .command("list")
    .description("upcoming and ongoing maintenance (--all: also past and cancelled)")
    .option("--all", "include past and cancelled windows")
    .option("--json", "print JSON")
    .action(async (options: { all?: boolean; json?: boolean }) => {
      const now = new Date();
      const windows = await listMaintenance(getDb(), { now, includePast: !!options.all });
      if (options.json) return printJson(windows.map((window) => ({ ...window, status: windowStatus(window, now), target: describeTarget(window) })));
      if (windows.length === 0) console.log(options.all ? "no maintenance recorded" : "no upcoming maintenance");
      for (const window of windows) console.log(line(window, now));
    });

  maintenance
    .command("show <id>")
    .description("one window with the members it concerns")
    .action(async (id: string) => {
      const db = getDb();
      const window = await findMaintenance(db, parseId(id));
      if (!window) throw new CliError(`there is no maintenance window #${id}`);
      console.log(line(window, new Date()));
      console.log(`impact: ${window.impact}`);
      const members = await affectedMembers(db, window);
      console.log(`${members.length} member(s) concerned:`);
      for (const member of members) console.log(`  ${member.clientName} <${member.email}>`);
    });

  maintenance
    .command("cancel <id>")
    .description("call a window off; the members it concerns are told")
    .action(async (id: string) => {
      const { window, emailsQueued } = await cancelMaintenance(getDb(), CLI_ACTOR, parseId(id));
      console.log(`cancelled #${window.id} (${describeTarget(window)}); ${emailsQueued} member(s) emailed`);
    });
}

function renameOptions(text: string): string {
  return text.replace(/\b(scope|target|startsAt|endsAt|reason|impact):/g, (_match, field: string) => `${OPTION_OF[field]}:`);
}

function describeIssues(error: ZodError): string {
  return error.issues.map((issue) => `${OPTION_OF[String(issue.path[0])] ?? issue.path.join(".")}: ${issue.message}`).join("; ");
}
