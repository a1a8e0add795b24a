import type { Command } from "commander";
import { runAgent } from "@/server/tunnels/agent/run";

/** The `agent` command group; shared by the full `ixp` CLI and the standalone agent bundle. */
export function registerAgentCommands(program: Command): void {
  const agent = program.command("agent").description("the reconciling agent that runs on each tunnel server (no database needed)");
  agent
    .command("apply")
    .description("make the bridge and tunnel interfaces match a desired-state.json; prints the plan")
    .requiredOption("--state <file>", "desired-state.json rendered by `ixp render tunnels`")
    .option("--dry-run", "print the plan without changing anything")
    .action(async (options: { state: string; dryRun?: boolean }) => {
      const { results } = await runAgent(options.state, { dryRun: Boolean(options.dryRun) });
      if (results.some((r) => !r.ok)) process.exitCode = 2;
    });
}
