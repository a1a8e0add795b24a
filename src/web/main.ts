/**
 * The web app's processes (`npm start`; scripts/start.sh runs it). One Node.js process uses one core, so this
 * runs WEB_PROCESSES copies of the built Next.js server on one port: node:cluster's primary accepts each
 * connection and hands it to the next process. The primary restarts a process that dies while serving, and
 * stops all of them on SIGTERM or SIGINT, letting requests in flight finish. Each server process answers
 * anonymous visits of /peers from its page cache while the directory is unchanged.
 *
 *   node --import tsx src/web/main.ts [--port 3000] [--hostname ADDRESS] [--keep-alive-timeout ms]
 *   (without --hostname: every address, IPv6 and IPv4, as `next start`)
 */
import cluster, { type Worker } from "node:cluster";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import next from "next";
import { getDb } from "@/server/db/client";
import { DIRECTORY_MAX_AGE_MS, directoryVersion } from "@/server/directory/peer-index";
import { checkWebConfiguration, env } from "@/server/env";
import { fillOrigin, pageCache } from "@/server/http/page-cache";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** How long a stopping process may take to finish the requests it has before it is killed. */
const STOP_GRACE_MS = 10_000;
const RESTART_DELAY_MS = 1_000;

const { values: flags } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "3000" },
    hostname: { type: "string" },
    "keep-alive-timeout": { type: "string", default: "65000" },
  },
});
const port = Number(flags.port);
const where = `${flags.hostname ?? "every address"}, port ${port}`;
const keepAliveTimeout = Number(flags["keep-alive-timeout"]);

async function serve(): Promise<void> {
  const app = next({ dev: false, dir: ROOT, hostname: flags.hostname ?? "localhost", port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // /peers is the same for every visitor and changes only with the directory (src/server/http/page-cache.ts).
  const pages = pageCache({
    origin: fillOrigin(flags.hostname ?? "", port),
    host: new URL(env().APP_URL).host,
    rules: [{ path: "/peers", version: () => directoryVersion(getDb()), maxAgeMs: DIRECTORY_MAX_AGE_MS }],
  });
  const server = createServer((request, response) => {
    const rule = pages.ruleFor(request);
    if (!rule) return void handle(request, response);
    void pages.serve(request, response, rule).then(
      (served) => (served ? undefined : handle(request, response)),
      (error: unknown) => response.destroy(error as Error),
    );
  });
  // Longer than any client's idle timeout, so a client never reuses a socket the server is just closing.
  server.keepAliveTimeout = keepAliveTimeout;
  server.headersTimeout = keepAliveTimeout + 1000;
  // Next.js keeps a process alive after an uncaught exception; one that cannot listen must exit instead.
  server.once("error", (error) => {
    process.stderr.write(`web: cannot listen on ${where}: ${error.message}\n`);
    process.exit(1);
  });
  server.listen(port, flags.hostname);
  // The signal may come twice (from the primary and to the whole process group): stop once.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), STOP_GRACE_MS - 1000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

function supervise(count: number): void {
  process.title = "ixp-web";
  let stopping = false;
  const listening = new WeakSet<Worker>();
  const fork = () => cluster.fork();
  cluster.on("listening", (worker) => listening.add(worker));
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    // A process that never got to listen (no build, port taken, bad configuration) would fail again.
    if (!listening.has(worker)) {
      process.stderr.write(`web: a server process exited before it listened (${signal ?? `exit code ${code}`}); stopping\n`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill("SIGTERM");
      process.exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    process.stderr.write(`web: server process ${worker.process.pid} died (${signal ?? `exit code ${code}`}); starting another\n`);
    // A pause, so a process that dies on every request does not become a tight restart loop.
    setTimeout(() => stopping || fork(), RESTART_DELAY_MS);
  });
  const stopAll = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
      process.exit(1);
    }, STOP_GRACE_MS).unref();
  };
  process.on("SIGTERM", stopAll);
  process.on("SIGINT", stopAll);
  for (let i = 0; i < count; i += 1) fork();
  process.stdout.write(`web: ${count} server process${count === 1 ? "" : "es"} on ${where}\n`);
}

if (cluster.isPrimary) {
  // Once here, rather than once per server process.
  checkWebConfiguration();
  supervise(env().WEB_PROCESSES);
} else {
  await serve();
}
