import { Command, CommanderError } from "commander";
import { registerAgentCommands } from "@/cli/commands/agent";

/** Entry of the single-file agent bundle (`npm run build:agent`) that Ansible ships to tunnel servers. */
const program = new Command("ixp").exitOverride();
registerAgentCommands(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`ixp: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
