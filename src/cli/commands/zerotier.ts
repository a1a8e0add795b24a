import type { Command } from "commander";
import { env } from "@/server/env";
import { ZerotierController } from "@/server/tunnels/zerotier/client";
import { reconcileZerotier } from "@/server/tunnels/zerotier/reconcile";
import { CliError } from "../errors";
import { getDb } from "../context";

export function registerZerotierCommands(program: Command): void {
  const zerotier = program.command("zerotier").description("the IX's ZeroTier networks (controller API)");
  zerotier
    .command("reconcile")
    .description("authorise live ZeroTier members with their addresses, de-authorise everyone else")
    .option("--dry-run", "only print what would change")
    .action(async (options: { dryRun?: boolean }) => {
      const { ZEROTIER_CONTROLLER_URL, ZEROTIER_TOKEN } = env();
      if (!ZEROTIER_TOKEN) throw new CliError("ZEROTIER_TOKEN is not set (the controller's authtoken.secret)");
      const controller = new ZerotierController(ZEROTIER_CONTROLLER_URL, ZEROTIER_TOKEN);
      const result = await reconcileZerotier(getDb(), controller, { dryRun: Boolean(options.dryRun) });
      for (const action of result.actions) console.log(`${action.action} ${action.nodeId} on ${action.networkId}${action.ipAssignments.length ? ` (${action.ipAssignments.join(", ")})` : ""}`);
      if (result.errors.length) throw new CliError(result.errors.join("; "));
      if (result.actions.length === 0) console.log("no changes");
    });
}
