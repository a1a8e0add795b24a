import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

/** Starts the BUILT Next.js app (run `next build` first) on a free port, with env overrides. */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface RunningApp {
  url: string;
  port: number;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the app did not become healthy within ${timeoutMs} ms:\n${output()}`);
}

/** Kills the whole process group: `next start` runs its server in child processes. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export async function startApp(env: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<RunningApp> {
  const port = await freePort();
  // The server listens on 127.0.0.1 only, but its public URL says "localhost": Next.js rewrites 127.x request
  // URLs to localhost, so Auth.js would treat 127.0.0.1 callback URLs as another origin.
  const url = `http://localhost:${port}`;
  const child = spawn(process.execPath, [fileURLToPath(new URL("../../node_modules/next/dist/bin/next", import.meta.url)), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", APP_URL: url, LOG_LEVEL: "warn", ...env },
  });
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const output = () => log.slice(-5000);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHealth(`http://127.0.0.1:${port}`, child, output, options.timeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, output, stop };
}

/** Builds the app once if there is no build yet (`next build` is slow: run it yourself after changing pages). */
export async function ensureBuilt(): Promise<void> {
  const { existsSync } = await import("node:fs");
  if (existsSync(`${ROOT}/.next/BUILD_ID`)) return;
  const { spawnSync } = await import("node:child_process");
  const result = spawnSync(process.execPath, [fileURLToPath(new URL("../../node_modules/next/dist/bin/next", import.meta.url)), "build"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout.slice(-3000)}${result.stderr.slice(-3000)}`);
}
