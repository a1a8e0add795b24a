import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** Runs the production build of the app (`next start`) for browser and end-to-end tests. */

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NEXT_BIN = fileURLToPath(new URL("../../node_modules/next/dist/bin/next", import.meta.url));

export interface StartAppOptions {
  /** The database the app uses; any other variable goes in env. */
  databaseUrl: string;
  env?: Record<string, string | undefined>;
  /** Defaults to a free port on 127.0.0.1. */
  port?: number;
  /** How long to wait for /api/health to answer at all (200 or 503). */
  startTimeoutMs?: number;
}

export interface RunningApp {
  baseUrl: string;
  port: number;
  /** stdout and stderr so far, for assertion messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Builds the app once when there is no production build yet (CI builds before the browser tier). */
export function ensureBuilt(): void {
  if (existsSync(`${REPO_ROOT}.next/BUILD_ID`)) return;
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: REPO_ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
    timeout: 900_000,
  });
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal); // the whole process group: next start and its workers
    } catch {
      // already gone
    }
  };
  signalGroup("SIGTERM");
  const timer = setTimeout(() => signalGroup("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Starts `next start` on its own port and process group, and waits until /api/health answers. */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  ensureBuilt();
  const port = options.port ?? (await freePort());
  // The server listens on 127.0.0.1 only, but its public URL says "localhost": Next.js rewrites 127.x request
  // URLs to localhost, so Auth.js would treat 127.0.0.1 callback URLs as another origin.
  const baseUrl = `http://localhost:${port}`;
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn", APP_URL: baseUrl, DATABASE_URL: options.databaseUrl, ...options.env },
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const app: RunningApp = { baseUrl, port, output: () => output, stop: () => stopProcess(child) };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before it answered:\n${output}`);
    try {
      await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5_000) });
      return app;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await app.stop();
  throw new Error(`the app did not answer on ${baseUrl}/api/health in time:\n${output}`);
}
