import { Command, CommanderError } from "commander";
import { closeDb } from "@/server/db/client";
import { describeError } from "./errors";
import { registerDbCommands } from "./commands/db";
import { registerMemberCommands } from "./commands/member";
import { registerTokenCommands } from "./commands/token";
import { registerUserCommands } from "./commands/user";

const program = new Command("ixp")
  .description("IXP Portal command line: nouns, then verbs. The database comes from DATABASE_URL.")
  .option("--verbose", "show stack traces on errors")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

for (const register of [registerDbCommands, registerMemberCommands, registerTokenCommands, registerUserCommands]) {
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
