import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./app";

export interface RunningHaproxy {
  /** http://localhost:<port>: the name the apps behind it know as APP_URL. */
  url: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

/** The port the proxy will listen on, taken before the apps start so they can be given its URL. */
export const haproxyPort = freePort;

/**
 * Debian's haproxy in front of the given backends (host:port), round-robin, on a loopback port.
 * Every response names the replica that served it in X-Replica (r1, r2, ... in the order given), and
 * X-Forwarded-For gets the client's address as a reverse proxy in production adds it.
 */
export async function startHaproxy(backends: string[], port: number): Promise<RunningHaproxy> {
  const dir = mkdtempSync(path.join(tmpdir(), "ixp-haproxy-"));
  const config = path.join(dir, "haproxy.cfg");
  writeFileSync(
    config,
    [
      "global",
      "  maxconn 512",
      "defaults",
      "  mode http",
      "  timeout connect 5s",
      "  timeout client 60s",
      "  timeout server 60s",
      "frontend portal",
      `  bind 127.0.0.1:${port}`,
      "  option forwardfor",
      "  default_backend replicas",
      "backend replicas",
      "  balance roundrobin",
      "  http-response set-header X-Replica %s",
      ...backends.map((backend, i) => `  server r${i + 1} ${backend}`),
      "",
    ].join("\n"),
  );
  const check = spawnSync("haproxy", ["-c", "-q", "-f", config], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`haproxy refused its config: ${check.stderr}${check.stdout}`);
  // -db: stay in the foreground, so stop() ends exactly this process.
  const child = spawn("haproxy", ["-db", "-f", config], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://localhost:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break;
    if (await fetch(`${url}/api/health`).then(() => true, () => false)) return { url, port, output: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`haproxy did not start:\n${output}`);
}
