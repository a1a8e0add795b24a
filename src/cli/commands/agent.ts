import type { Command } from "commander";
import { readFile } from "node:fs/promises";
import { portalSender, startLanWatcher } from "@/server/lan-hygiene/watch/watcher";
import { MeshProbe, postMeshReport, probedLinks } from "@/server/matrix/mesh-probe";
import { readDesiredState, runAgent } from "@/server/tunnels/agent/run";
import { CliError } from "@/cli/errors";

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

  agent
    .command("probe-mesh")
    .description("probe every mesh link of this POP once a second and report loss and latency to the portal (runs until stopped)")
    .requiredOption("--state <file>", "desired-state.json rendered by `ixp render tunnels`")
    .requiredOption("--portal <url>", "the portal's base URL, e.g. https://portal.example.net")
    .option("--report-seconds <n>", "how often to report", "2")
    .option("--netns <name>", "run fping inside this network namespace (demos and tests)")
    .action(async (options: { state: string; portal: string; reportSeconds: string; netns?: string }) => {
      const token = process.env.IXP_PORTAL_TOKEN;
      if (!token) throw new CliError("set IXP_PORTAL_TOKEN to an API token with the scope matrix:report (ixp token create NAME --user EMAIL --scopes matrix:report,lan:report)");
      const reportSeconds = Number(options.reportSeconds);
      if (!Number.isInteger(reportSeconds) || reportSeconds < 1 || reportSeconds > 60) throw new CliError("--report-seconds must be a whole number from 1 to 60");
      const state = await readDesiredState(options.state);
      const probe = new MeshProbe({ pop: state.location, links: probedLinks(state), reportMs: reportSeconds * 1000, netns: options.netns }, postMeshReport(options.portal, token), (line) => console.error(line));
      probe.start();
      console.log(`probing ${state.mesh.length} mesh link(s) of ${state.location}; reporting to ${options.portal} every ${reportSeconds} s`);
      await new Promise<void>((resolve) => {
        process.once("SIGTERM", resolve);
        process.once("SIGINT", resolve);
      });
      await probe.stop();
    });

  agent
    .command("watch")
    .description("LAN hygiene: watch the IX bridge (tcpdump, bridge FDB) and report who uses which MAC and address to the portal")
    .requiredOption("--state <file>", "desired-state.json (names the bridge and the POP)")
    .option("--portal <url>", "the portal's base URL; reports go to POST /api/v1/lan/observations")
    .option("--token-file <file>", "file with an API token with the scope lan:report (`ixp token create NAME --user EMAIL --scopes matrix:report,lan:report`)")
    .option("--print", "print each report as one JSON line instead (for `ixp lan report` on a host with the database)")
    .option("--interval <seconds>", "seconds between reports", "2")
    .action(async (options: { state: string; portal?: string; tokenFile?: string; print?: boolean; interval: string }) => {
      const interval = Number(options.interval);
      if (!Number.isFinite(interval) || interval < 0.5 || interval > 3600) throw new CliError("--interval must be between 0.5 and 3600 seconds");
      if (Boolean(options.print) === Boolean(options.portal)) throw new CliError("give either --portal (with --token-file) or --print");
      if (options.portal && !options.tokenFile) throw new CliError("--portal needs --token-file");
      const desired = await readDesiredState(options.state);
      const send = options.portal
        ? portalSender(options.portal, (await readFile(options.tokenFile!, "utf8")).trim())
        : async (report: object) => void process.stdout.write(`${JSON.stringify(report)}\n`);
      const watcher = startLanWatcher({ bridge: desired.bridge.name, location: desired.location, intervalMs: interval * 1000, send });
      await watcher.ready;
      process.stderr.write(`watching ${desired.bridge.name} for POP ${desired.location}, a report every ${interval} s\n`);
      const signalled = new Promise<void>((resolve) => {
        process.once("SIGTERM", resolve);
        process.once("SIGINT", resolve);
      });
      try {
        await Promise.race([signalled, watcher.failed]);
      } finally {
        await watcher.stop();
      }
    });
}
