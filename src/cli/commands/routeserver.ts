import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { env } from "@/server/env";
import { loadArouteserverClients, renderArouteserverClients } from "@/server/routeserver/arouteserver";
import { deployRouteServers } from "@/server/routeserver/deploy";
import { irrServerOptionsFromEnv, refreshIrrPrefixSets } from "@/server/routeserver/irr";
import { describePeeringDbRefresh, refreshPeeringDbData } from "@/server/routeserver/peeringdb-refresh";
import { findRouteServer, listActiveRouteServers, loadRenderInput, renderOptionsFromEnv, type RouteServerRecord } from "@/server/routeserver/queries";
import { renderRouteServerConfig } from "@/server/routeserver/render";
import { readRouteServerSessions, refreshRouteServerSessions } from "@/server/routeserver/sessions";
import { asnTextSchema } from "@/shared/validation/user";
import { CliError } from "../errors";
import { CLI_ACTOR, getDb, printJson } from "../context";
import { deployCommand, renderCommand } from "./render";

async function routeServerNamed(name: string): Promise<RouteServerRecord> {
  const routeServer = await findRouteServer(getDb(), name);
  if (!routeServer) throw new CliError(`no route server named ${JSON.stringify(name)}`);
  return routeServer;
}

/** Write next to the target and rename, so readers never see half a file. */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

const when = (date: Date | null) => (date ? date.toISOString().replace(/\.\d+Z$/, "Z") : "-");

export function registerRouteServerCommands(program: Command): void {
  renderCommand(program)
    .command("routeserver <name>")
    .description("write bird.conf for a route server into DIR/<name>.conf")
    .requiredOption("--out <dir>", "directory to write into")
    .action(async (name: string, options: { out: string }) => {
      const routeServer = await routeServerNamed(name);
      const input = await loadRenderInput(getDb(), routeServer, (lanPrefixes, neverVia) => renderOptionsFromEnv(env(), lanPrefixes, neverVia));
      const result = renderRouteServerConfig(input);
      const path = join(options.out, `${routeServer.name.replace(/[^A-Za-z0-9_.-]/g, "_")}.conf`);
      await writeAtomically(path, result.config);
      for (const skipped of result.skipped) process.stderr.write(`skipped ${skipped.address}: ${skipped.reason}\n`);
      console.log(`wrote ${path} (${result.sessions.length} sessions)`);
    });

  renderCommand(program)
    .command("arouteserver-clients <routeserver>")
    .description("write arouteserver's clients.yml for a route server: the route-server clients on its peering LAN")
    .option("--out <file>", "file to write (default: standard output)")
    .action(async (name: string, options: { out?: string }) => {
      const routeServer = await routeServerNamed(name);
      const text = renderArouteserverClients(await loadArouteserverClients(getDb(), routeServer.lanId));
      if (!options.out) return void process.stdout.write(text);
      await writeAtomically(options.out, text);
      console.log(`wrote ${options.out}`);
    });

  deployCommand(program)
    .command("routeserver [names...]")
    .description("render, check with bird -p, and reload BIRD if the config changed; several names go one after the other")
    .option("--all", "every active route server")
    .action(async (names: string[], options: { all?: boolean }) => {
      const targets = options.all ? (await listActiveRouteServers(getDb())).map((rs) => rs.name) : names;
      if (targets.length === 0) throw new CliError("name a route server, or use --all");
      const reports = await deployRouteServers(getDb(), targets);
      for (const report of reports) {
        console.log(`${report.routeServer}: ${report.ok ? (report.changed ? "reloaded" : "unchanged") : "FAILED"}`);
        for (const step of report.steps) console.log(`  ${step.ok ? "ok  " : "FAIL"} ${step.step}: ${step.detail}`);
      }
      const failed = reports.find((report) => !report.ok);
      if (failed) throw new CliError(`deploy of ${failed.routeServer} failed at ${failed.steps.find((s) => !s.ok)?.step ?? "?"}; later route servers were not touched`);
    });

  const routeserver = program.command("routeserver").description("route servers: live session status, IRR data");

  routeserver
    .command("show <name>")
    .description("a route server's settings: addresses, how the portal reaches its BIRD, last deploy")
    .option("--json", "machine-readable output")
    .action(async (name: string, options: { json?: boolean }) => {
      const routeServer = await routeServerNamed(name);
      if (options.json) return printJson(routeServer);
      const reach = routeServer.sshHost ? `ssh ${routeServer.sshUser ? `${routeServer.sshUser}@` : ""}${routeServer.sshHost}, socket ${routeServer.controlSocket}` : `control socket ${routeServer.controlSocket}`;
      console.log(`${routeServer.name}: AS${routeServer.asn}, router id ${routeServer.routerId}, ${routeServer.ipv4Address ?? "no IPv4"} / ${routeServer.ipv6Address ?? "no IPv6"}`);
      console.log(`  BIRD: ${reach}; ${routeServer.active ? "active" : "inactive"}; last deployed ${when(routeServer.lastDeployedAt)}`);
    });

  routeserver
    .command("status <name>")
    .description("BGP sessions as the route server's BIRD reports them now, mapped to member IPs")
    .option("--json", "machine-readable output")
    .action(async (name: string, options: { json?: boolean }) => {
      const sessions = await readRouteServerSessions(getDb(), await routeServerNamed(name));
      if (options.json) return printJson(sessions);
      console.log(`${"session".padEnd(22)} ${"neighbor".padEnd(28)} ${"state".padEnd(12)} ${"since".padEnd(21)} imported filtered exported  last error`);
      for (const { protocol, ipId } of sessions) {
        const routes = protocol.routes;
        console.log(
          `${protocol.name.padEnd(22)} ${`${protocol.neighborAddress ?? "?"}${ipId === null ? " (unknown)" : ""}`.padEnd(28)} ${(protocol.bgpState ?? protocol.state).padEnd(12)} ${when(protocol.since).padEnd(21)} ${String(routes?.imported ?? "-").padStart(8)} ${String(routes?.filtered ?? "-").padStart(8)} ${String(routes?.exported ?? "-").padStart(8)}  ${protocol.lastError ?? ""}`,
        );
      }
      const up = sessions.filter((s) => s.state === "up").length;
      console.log(`${up} of ${sessions.length} sessions established`);
    });

  routeserver
    .command("refresh-sessions")
    .description("read every active route server and store session states on member IPs (the worker does this every minute)")
    .action(async () => {
      const result = await refreshRouteServerSessions(getDb(), new Date(), CLI_ACTOR);
      for (const rs of result.routeServers) console.log(`${rs.name}: ${rs.ok ? `${rs.sessions} sessions${rs.warning ? `; ${rs.warning}` : ""}` : `unreachable: ${rs.error}`}`);
      console.log(`${result.ipsUpdated} member IPs updated`);
      if (result.routeServers.some((rs) => !rs.ok)) throw new CliError("some route servers could not be read");
    });

  routeserver
    .command("irr-refresh")
    .description("fetch IRR prefix lists (bgpq4) and, with PEERINGDB_URL, PeeringDB prefix counts and the never-via-route-servers list; failures keep the stored data")
    .option("--asn <asn>", "only the IRR lists of this ASN")
    .action(async (options: { asn?: string }) => {
      const config = env();
      const asn = options.asn === undefined ? undefined : asnTextSchema.parse(options.asn);
      const server = irrServerOptionsFromEnv(config);
      if (!server && !config.PEERINGDB_URL) throw new CliError("neither IRR_SERVER (e.g. IRR_SERVER=rr.ntt.net) nor PEERINGDB_URL is set: nothing to fetch from");
      let failed = 0;
      if (server) {
        const result = await refreshIrrPrefixSets(getDb(), server, new Date(), asn);
        console.log(`IRR: ${result.refreshed} changed, ${result.unchanged} unchanged, ${result.failed.length} failed`);
        for (const failure of result.failed) process.stderr.write(`AS${failure.asn}: ${failure.error}\n`);
        failed += result.failed.length;
      } else {
        console.log("IRR: IRR_SERVER is not set, the stored prefix lists stay in use");
      }
      // Whole-IX data from PeeringDB (prefix counts, never-via-route-servers) is not per ASN.
      if (asn === undefined) {
        const peeringDb = await refreshPeeringDbData(getDb(), config, new Date());
        for (const line of describePeeringDbRefresh(peeringDb)) console.log(line);
        failed += [peeringDb.prefixCounts, peeringDb.neverVia].filter((part) => part !== null && "error" in part).length;
      }
      if (failed) throw new CliError(`${failed} fetches failed; the stored data is kept`);
    });
}
