import { CommanderError, type Command } from "commander";
import { describeError } from "./errors";

/** Parses argv and turns any error into one line on stderr and a non-zero exit code. */
export async function runProgram(program: Command): Promise<void> {
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
  }
}
