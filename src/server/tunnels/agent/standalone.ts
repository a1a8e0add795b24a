import { Command } from "commander";
import { registerAgentCommands } from "@/cli/commands/agent";
import { runProgram } from "@/cli/run-program";

/** Entry of the single-file agent bundle (`npm run build:agent`) that Ansible ships to tunnel servers. */
const program = new Command("ixp").exitOverride();
registerAgentCommands(program);
await runProgram(program);
