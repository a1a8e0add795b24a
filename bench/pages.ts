/**
 * Page weight and throughput of the public and signed-in pages on the production build (`next build`
 * first), at 1,000 and 10,000 demo members: HTML size raw and as sent with `Accept-Encoding: gzip`,
 * then requests/s, latency and the server's CPU time per request with 10 concurrent clients (autocannon,
 * gzip accepted like a browser, after 2 s of warm-up per page).
 * Target for /peers at 1,000 members: first response under 150 KB compressed, at least 200 requests/s.
 *
 *   npx tsx bench/pages.ts [members ...] [--seconds N] [--only /a,/b?x=1,/c@member] [--processes N]
 *   (default: 1000 10000 members, 10 s per page, every page in PAGES; --only measures just these paths;
 *   --processes: WEB_PROCESSES, by default what scripts/start.sh runs, one per core)
 *
 * Add a page by adding a line to PAGES; pages marked optional are reported as absent when they answer 404.
 * As root with bird installed, the demo's route servers run as real BIRD daemons in the demo's namespace (as
 * scripts/start.sh runs them), so the looking-glass pages read BIRD; `{session}` in a path is rs1's first session.
 */
import { spawnSync } from "node:child_process";
import { request } from "node:http";
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import autocannon from "autocannon";
import { eq } from "drizzle-orm";
import { createDb, createPool, type Database } from "@/server/db/client";
import { parseEnv } from "@/server/env";
import { users } from "@/server/db/schema";
import { sessionCookie, startApp, WEB_NODE_FLAGS, type RunningApp } from "../tests/helpers/app";
import { createBenchDatabase } from "./bench-db";

type Visitor = "anyone" | "member" | "volunteer";
interface BenchPage {
  path: string;
  as: Visitor;
  /** Not every branch has it: a 404 is reported as absent instead of measured. */
  optional?: boolean;
}

const PAGES: BenchPage[] = [
  { path: "/", as: "anyone" },
  { path: "/peers", as: "anyone" },
  { path: "/peers?page=2&sort=asn", as: "anyone" },
  { path: "/peers?q=fmt+vxlan", as: "anyone" },
  // Signed in, /peers skips the page cache: what a render costs.
  { path: "/peers", as: "member" },
  { path: "/locations", as: "anyone" },
  { path: "/connect", as: "anyone" },
  { path: "/portal", as: "member" },
  { path: "/admin", as: "volunteer" },
  { path: "/lg", as: "anyone", optional: true },
  { path: "/lg/rs1", as: "anyone", optional: true },
  { path: "/lg/rs1/{session}", as: "anyone", optional: true },
];

const args = process.argv.slice(2);
const secondsFlag = args.indexOf("--seconds");
const duration = secondsFlag >= 0 ? Number(args.splice(secondsFlag, 2)[1]) : 10;
const onlyFlag = args.indexOf("--only");
const only = onlyFlag >= 0 ? args.splice(onlyFlag, 2)[1]!.split(",") : null;
// --only /peers@member picks the signed-in line of a path.
const pages = only
  ? only.map((item) => {
      const [path, as = "anyone"] = item.split("@") as [string, Visitor | undefined];
      return PAGES.find((page) => page.path === path && page.as === as) ?? { path, as };
    })
  : PAGES;
const processesFlag = args.indexOf("--processes");
const webProcesses = processesFlag >= 0 ? Number(args.splice(processesFlag, 2)[1]) : parseEnv({}).WEB_PROCESSES;
const sizes = args.length > 0 ? args.map(Number) : [1000, 10000];
const CONNECTIONS = 10;

/** Status and bytes on the wire for one GET, without the client decompressing anything. */
function weigh(url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes, encoding: String(res.headers["content-encoding"] ?? "none") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** CPU seconds (user + system) of every process in a process group, from /proc. */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100; // USER_HZ
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const load = () => loadavg()[0]!.toFixed(1);

async function signedInCookies(app: RunningApp, db: Database): Promise<Record<Visitor, string>> {
  const [member] = await db.select({ email: users.email }).from(users).where(eq(users.role, "member")).limit(1);
  if (!member) throw new Error("the demo seed made no member login");
  return { anyone: "", member: await sessionCookie(app, db, member.email), volunteer: await sessionCookie(app, db, "admin@example.net") };
}

/** Runs a project script or the ixp CLI for the bench database; its stdout. */
function run(command: string, args: string[], env: Record<string, string>): string {
  const result = spawnSync(command, args, { encoding: "utf8", env: { ...process.env, LOG_LEVEL: "warn", ...env }, timeout: 600_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

/** The demo's namespace and route servers for the bench database, as scripts/start.sh makes them; null when not root or no BIRD. */
function startDemoRouteServers(databaseUrl: string): { stop(): void } | null {
  if (process.getuid?.() !== 0 || spawnSync("sh", ["-c", "command -v bird"]).status !== 0) return null;
  const ixp = (args: string[]) => run(process.execPath, ["bin/ixp.mjs", ...args], { DATABASE_URL: databaseUrl }).trim();
  const name = ixp(["monitor", "demo-namespace", "--print-name"]);
  const env = { DATABASE_URL: databaseUrl, PING_NETNS: name, RS_CONFIG_DIR: `.data/bird/${name}` };
  ixp(["monitor", "demo-namespace", "--name", name]);
  run("bash", ["scripts/demo-route-servers.sh", "start"], env);
  return {
    stop() {
      run("bash", ["scripts/demo-route-servers.sh", "stop"], env);
      ixp(["monitor", "demo-namespace", "--name", name, "--remove"]);
    },
  };
}

/** rs1's first session, for the looking glass's session page. */
async function firstSession(app: RunningApp): Promise<string> {
  const response = await fetch(`${app.url}/api/lg/rs1/protocols`);
  const body = (await response.json()) as { protocols?: { name: string }[] };
  return body.protocols?.[0]?.name ?? "none";
}

async function benchSize(members: number) {
  const bench = await createBenchDatabase(`pages${members}`, members);
  const pool = createPool(bench.url, 2);
  const routeServers = startDemoRouteServers(bench.url);
  // As scripts/start.sh runs it; one client (autocannon) asks the looking glass far more often than a person would.
  const app = await startApp(
    { DATABASE_URL: bench.url, LOG_LEVEL: "warn", WEB_PROCESSES: String(webProcesses), LG_CLIENT_REQUESTS_PER_MINUTE: "100000" },
    { nodeArgs: WEB_NODE_FLAGS },
  );
  try {
    const session = routeServers ? await firstSession(app) : "none";
    const cookies = await signedInCookies(app, createDb(pool));
    console.log(
      `\n### ${members.toLocaleString("en-US")} members (${CONNECTIONS} connections, ${duration} s per page, ${webProcesses} web server process${webProcesses === 1 ? "" : "es"}, ${routeServers ? `route servers: real BIRD, session page ${session}` : "no route servers (not root or no bird)"})\n`,
    );
    console.log("| page | as | status | HTML raw KB | sent with gzip KB | req/s (mean) | p50 ms | p99 ms | errors, non-2xx | server CPU ms per request | load avg before → after |");
    console.log("|---|---|---|---|---|---|---|---|---|---|---|");
    for (const page of pages) {
      const url = `${app.url}${page.path.replace("{session}", session)}`;
      const headers: Record<string, string> = cookies[page.as] ? { cookie: cookies[page.as] } : {};
      const raw = await weigh(url, { ...headers, "accept-encoding": "identity" });
      if (page.optional && raw.status === 404) {
        console.log(`| ${page.path} | ${page.as} | absent (404): not on this branch | | | | | | | | |`);
        continue;
      }
      const gzip = await weigh(url, { ...headers, "accept-encoding": "gzip" });
      // Not counted: the first seconds of a page include compiling its code (the JIT), which a server does once.
      await autocannon({ url, connections: CONNECTIONS, duration: 2, headers: { ...headers, "accept-encoding": "gzip" } });
      const before = load();
      const cpuBefore = groupCpuSeconds(app.pid);
      const result = await autocannon({ url, connections: CONNECTIONS, duration, headers: { ...headers, "accept-encoding": "gzip" } });
      const failures = result.errors + result.timeouts + result.non2xx;
      const cpuPerRequest = ((groupCpuSeconds(app.pid) - cpuBefore) * 1000) / Math.max(1, result.requests.total);
      console.log(
        `| ${page.path} | ${page.as} | ${raw.status} | ${kb(raw.bytes)} | ${kb(gzip.bytes)} (${gzip.encoding}) | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ${failures} | ${cpuPerRequest.toFixed(1)} | ${before} → ${load()} |`,
      );
    }
  } finally {
    await app.stop();
    routeServers?.stop();
    await pool.end();
    await bench.drop();
  }
}

console.log(`load average at start: ${loadavg().map((n) => n.toFixed(1)).join(", ")} (${new Date().toISOString()})`);
for (const members of sizes) await benchSize(members);
