import { Command } from "commander";
import { closeDb } from "@/server/db/client";
import { runProgram } from "./run-program";
import { registerAgentCommands } from "./commands/agent";
import { registerAnsibleCommands } from "./commands/ansible";
import { registerDbCommands } from "./commands/db";
import { registerExportCommands } from "./commands/export";
import { registerIpCommands } from "./commands/ip";
import { registerJobCommands } from "./commands/job";
import { registerLanCommands } from "./commands/lan";
import { registerMemberCommands } from "./commands/member";
import { registerMonitorCommands } from "./commands/monitor";
import { registerRenderTunnelsCommand } from "./commands/render-tunnels";
import { registerRequestCommands } from "./commands/request";
import { registerRouteServerCommands } from "./commands/routeserver";
import { registerTokenCommands } from "./commands/token";
import { registerUserCommands } from "./commands/user";
import { registerZerotierCommands } from "./commands/zerotier";

const program = new Command("ixp")
  .description("IXP Portal command line: nouns, then verbs. The database comes from DATABASE_URL.")
  .option("--verbose", "show stack traces on errors")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

// One line per command module, kept sorted, so new ones merge cleanly.
const COMMANDS = [
  registerAgentCommands,
  registerAnsibleCommands,
  registerDbCommands,
  registerExportCommands,
  registerIpCommands,
  registerJobCommands,
  registerLanCommands,
  registerMemberCommands,
  registerMonitorCommands,
  registerRenderTunnelsCommand,
  registerRequestCommands,
  registerRouteServerCommands,
  registerTokenCommands,
  registerUserCommands,
  registerZerotierCommands,
];
for (const register of COMMANDS) {
  register(program);
}

try {
  await runProgram(program);
} finally {
  await closeDb();
}
