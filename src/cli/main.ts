import { Command, CommanderError } from "commander";
import { closeDb } from "@/server/db/client";
import { describeError } from "./errors";
import { registerDbCommands } from "./commands/db";
import { registerExportCommands } from "./commands/export";
import { registerJobCommands } from "./commands/job";
import { registerMemberCommands } from "./commands/member";
import { registerMonitorCommands } from "./commands/monitor";
import { registerRequestCommands } from "./commands/request";
import { registerRouteServerCommands } from "./commands/routeserver";
import { registerUserCommands } from "./commands/user";

const program = new Command("ixp")
  .description("IXP Portal command line: nouns, then verbs. The database comes from DATABASE_URL.")
  .option("--verbose", "show stack traces on errors")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

// One line per noun, kept sorted, so new command modules merge cleanly.
const COMMANDS = [
  registerDbCommands,
  registerExportCommands,
  registerJobCommands,
  registerMemberCommands,
  registerMonitorCommands,
  registerRequestCommands,
  registerRouteServerCommands,
  registerUserCommands,
];
for (const register of COMMANDS) {
  register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help/version text).
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`ixp: ${describeError(error)}\n`);
    if (program.opts<{ verbose?: boolean }>().verbose && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
} finally {
  await closeDb();
}
