import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { execRunner, type CommandRunner } from "@/server/tunnels/agent/apply";
import { portalPoster } from "@/server/tunnels/agent/portal";
import type { LanObservation, LanReport } from "@/shared/validation/lan-hygiene";
import { parseFdb, parseTcpdumpLine, tcpdumpCommand, type TcpdumpSighting } from "./tcpdump";

/**
 * `ixp agent watch`: tcpdump on the IX bridge (ARP, ND and frames that do not belong on an IX), the bridge's FDB
 * for the port behind each MAC, and every few seconds one report of what was seen since the last one.
 * No database here: the report goes to the portal, which judges it.
 */

export interface LanWatcher {
  /** Resolves when tcpdump is listening. */
  ready: Promise<void>;
  /** Rejects if tcpdump stops without being asked to (the watcher is blind then). */
  failed: Promise<never>;
  stop(): Promise<void>;
}

export interface WatchOptions {
  bridge: string;
  location: string;
  intervalMs: number;
  send: (report: LanReport) => Promise<void>;
  onError?: (error: Error) => void;
  runner?: CommandRunner;
}

function observationKey(o: LanObservation): string {
  return `${o.port}|${o.mac}|${o.ip ?? ""}|${o.frame ?? ""}`;
}

export function startLanWatcher(options: WatchOptions): LanWatcher {
  const runner = options.runner ?? execRunner;
  const onError = options.onError ?? ((error: Error) => process.stderr.write(`lan watch: ${error.message}\n`));
  let pending: TcpdumpSighting[] = [];
  /** Observations a failed send kept, to go with the next report. */
  let unsent = new Map<string, LanObservation>();

  const [file, ...args] = tcpdumpCommand(options.bridge);
  const tcpdump = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stopping = false;
  const exited = new Promise<void>((resolve) => tcpdump.once("close", () => resolve()));
  const failed = new Promise<never>((_, reject) => {
    tcpdump.once("close", (code) => {
      if (!stopping) reject(new Error(`tcpdump on ${options.bridge} stopped (exit ${code})`));
    });
  });
  failed.catch(() => undefined);
  createInterface({ input: tcpdump.stdout }).on("line", (line) => {
    const sighting = parseTcpdumpLine(line);
    if (sighting) pending.push(sighting);
  });
  const ready = new Promise<void>((resolve, reject) => {
    let stderr = "";
    tcpdump.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (stderr.includes("listening on")) resolve();
    });
    tcpdump.once("error", reject);
    tcpdump.once("close", (code) => reject(new Error(`tcpdump on ${options.bridge} stopped (exit ${code}): ${stderr.trim().split("\n").pop() ?? ""}`)));
  });

  async function flush(): Promise<void> {
    // The FDB first: if it cannot be read, the sightings wait for the next round.
    const ports = parseFdb(await runner(["bridge", "-j", "fdb", "show", "br", options.bridge]), options.bridge);
    const sightings = pending;
    pending = [];
    const batch = unsent;
    for (const s of sightings) {
      const observation: LanObservation = { port: ports.get(s.mac) ?? "", mac: s.mac, ...("ip" in s ? { ip: s.ip } : { frame: s.frame }) };
      batch.set(observationKey(observation), observation);
    }
    unsent = new Map();
    if (batch.size === 0) return;
    try {
      await options.send({ location: options.location, observations: [...batch.values()] });
    } catch (error) {
      unsent = batch;
      throw error;
    }
  }

  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    flush()
      .catch((error: unknown) => onError(error as Error))
      .finally(() => (running = false));
  }, options.intervalMs);

  return {
    ready,
    failed,
    async stop() {
      stopping = true;
      clearInterval(timer);
      tcpdump.kill("SIGTERM");
      await exited;
      await flush().catch((error: unknown) => onError(error as Error));
    },
  };
}

/** Sends a report to the portal's API with a bearer token; a refusal carries the portal's problem detail. */
export function portalSender(portalUrl: string, token: string): (report: LanReport) => Promise<void> {
  return portalPoster<LanReport>(portalUrl, "/api/v1/lan/observations", token);
}
