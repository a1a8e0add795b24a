import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "@/server/db/client";
import { createLoginLink } from "@/server/auth/login-link";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NEXT_BIN = join(ROOT, "node_modules/next/dist/bin/next");
/** Node's arguments for the web app on `port` (loopback only; null: every address, as scripts/start.sh runs it). */
export const webServerArgs = (port: number, hostname: string | null = "127.0.0.1") => [
  "--import",
  "tsx",
  join(ROOT, "src/web/main.ts"),
  "--port",
  String(port),
  ...(hostname === null ? [] : ["--hostname", hostname]),
  "--keep-alive-timeout",
  "65000",
];
const BUILD_ID = join(ROOT, ".next/BUILD_ID");
/** Anything that changes what `next build` produces. */
const BUILD_INPUTS = ["src", "public", "next.config.mjs", "package.json", "postcss.config.mjs", "tsconfig.json"];

function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/** Runs `next build` unless .next holds a build newer than every source file. */
export function ensureBuilt(): void {
  const built = statSync(BUILD_ID, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built > Math.max(...BUILD_INPUTS.map((input) => newestMtime(join(ROOT, input))))) return;
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    timeout: 900_000,
  });
  if (result.status !== 0) throw new Error(`next build failed:\n${`${result.stdout}\n${result.stderr}`.slice(-4000)}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface RunningApp {
  url: string;
  /** The server's process id, which is also its process group (benchmarks read its CPU time). */
  pid: number;
  env: Record<string, string>;
  /** What the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export const TEST_AUTH_SECRET = "test-secret-for-the-built-app-0123456789abcdef";

/** Node flags scripts/start.sh runs the web app with (there as NODE_OPTIONS); benches pass them to startApp to measure the same. */
export const WEB_NODE_FLAGS = ["--max-semi-space-size=64"];

/**
 * Starts the BUILT app as scripts/start.sh does (src/web/main.ts; one server process unless `env` sets
 * WEB_PROCESSES) on a free loopback port with the given environment and waits for /api/health. stop() kills
 * the whole process group. The server keeps idle connections longer than fetch does, so a client never
 * reuses a socket the server is just closing ("other side closed").
 */
export async function startApp(
  env: Record<string, string>,
  options: { timeoutMs?: number; port?: number; /** Flags for node itself, e.g. --cpu-prof (not allowed in NODE_OPTIONS). */ nodeArgs?: string[] } = {},
): Promise<RunningApp> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  ensureBuilt();
  const port = options.port ?? (await freePort());
  // Auth.js builds its URLs from the host Next reports, which is "localhost" (not -H); match it so
  // sign-in redirects and cookies stay on one origin. The server still listens on loopback only.
  const url = `http://localhost:${port}`;
  const fullEnv = { AUTH_SECRET: TEST_AUTH_SECRET, APP_URL: url, LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1", WEB_PROCESSES: "1", ...env };
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), ...webServerArgs(port)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", ...fullEnv },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${output.slice(-3000)}`);
    try {
      // 503 is an answer too: the health of an app pointed at a dead database is itself under test.
      const response = await fetch(`${url}/api/health`);
      if (response.status === 200 || response.status === 503) return { url, pid: child.pid!, env: fullEnv, output: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the app did not become healthy within ${timeoutMs} ms:\n${output.slice(-3000)}`);
}

/** Signs a user in through a one-time link (as `ixp user login-link` makes them) and returns the Cookie header. */
export async function sessionCookie(app: RunningApp, db: Database, email: string): Promise<string> {
  const link = await createLoginLink(db, { email, appUrl: app.url, secret: app.env.AUTH_SECRET!, callbackPath: "/" });
  const response = await fetch(link, { redirect: "manual" });
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]!).filter((c) => /session-token=./.test(c));
  if (cookies.length === 0) throw new Error(`signing in ${email} set no session cookie (status ${response.status})`);
  return cookies.join("; ");
}
