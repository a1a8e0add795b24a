import { Command } from "commander";
import { closeDb } from "@/server/db/client";
import { runProgram } from "./run-program";
import { registerAgentCommands } from "./commands/agent";
import { registerAnsibleCommands } from "./commands/ansible";
import { registerDbCommands } from "./commands/db";
import { registerMemberCommands } from "./commands/member";
import { registerRenderCommands } from "./commands/render";
import { registerUserCommands } from "./commands/user";
import { registerZerotierCommands } from "./commands/zerotier";

const program = new Command("ixp")
  .description("IXP Portal command line: nouns, then verbs. The database comes from DATABASE_URL.")
  .option("--verbose", "show stack traces on errors")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

for (const register of [registerAgentCommands, registerAnsibleCommands, registerDbCommands, registerMemberCommands, registerRenderCommands, registerUserCommands, registerZerotierCommands]) {
  register(program);
}

try {
  await runProgram(program);
} finally {
  await closeDb();
}
