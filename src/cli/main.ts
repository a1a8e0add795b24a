import { Command } from "commander";
import { closeDb } from "@/server/db/client";
import { runProgram } from "./run-program";
import { registerAgentCommands } from "./commands/agent";
import { registerAnsibleCommands } from "./commands/ansible";
import { registerDbCommands } from "./commands/db";
import { registerDnsCommands } from "./commands/dns";
import { registerExportCommands } from "./commands/export";
import { registerIpCommands } from "./commands/ip";
import { registerIxapiCommands } from "./commands/ixapi";
import { registerJobCommands } from "./commands/job";
import { registerMaintenanceCommands } from "./commands/maintenance";
import { registerMatrixCommands } from "./commands/matrix";
import { registerLanCommands } from "./commands/lan";
import { registerMemberCommands } from "./commands/member";
import { registerMetricsCommands } from "./commands/metrics";
import { registerMonitorCommands } from "./commands/monitor";
import { registerRenderTunnelsCommand } from "./commands/render-tunnels";
import { registerRegistryCommands } from "./commands/registry";
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
  registerDnsCommands,
  registerExportCommands,
  registerIpCommands,
  registerIxapiCommands,
  registerJobCommands,
  registerMaintenanceCommands,
  registerMatrixCommands,
  registerLanCommands,
  registerMemberCommands,
  registerMetricsCommands,
  registerMonitorCommands,
  registerRenderTunnelsCommand,
  registerRegistryCommands,
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
