/**
 * Issue #12, "10,000 members end to end": for each size (default 1,000 and 10,000 demo members) seed a
 * database, add realistic IRR lists, then measure `ixp render routeserver`, `bird -p -c` on its output,
 * the IX-F export, the worker's jobs (from job_runs) and approvals per second with 10 concurrent
 * volunteers; last, growth 1k -> 10k as ratios. The database server comes from TEST_DATABASE_SERVER_URL.
 * The ping monitor at 20,000 targets is bench/ping-monitor.ts; page latencies are bench/pages.ts.
 *
 *   npx tsx bench/scale.ts [1000 10000]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { and, asc, count, eq, isNotNull } from "drizzle-orm";
import { createDb, createPool, type Database } from "@/server/db/client";
import { asns, ips, jobRuns, locations, locationTunnelTypes } from "@/server/db/schema";
import { irrPrefixSets } from "@/server/db/schema";
import { env } from "@/server/env";
import { generateIxfDocument } from "@/server/ixf/service";
import { listActiveRouteServers, loadRenderInput, renderOptionsFromEnv } from "@/server/routeserver/queries";
import { renderRouteServerConfig } from "@/server/routeserver/render";
import { approveRequest } from "@/server/requests/approve";
import { systemReviewer } from "@/server/requests/reviewer";
import { addPendingRequest, NO_PROOF } from "../tests/helpers/ix-fixture";
import { createBenchDatabase } from "./bench-db";

const IXP = fileURLToPath(new URL("../bin/ixp.mjs", import.meta.url));
const VOLUNTEERS = 10;
const APPROVALS = Number(process.env.BENCH_APPROVALS ?? 200);
/** Jobs that run without outside services; deprovision and warnings as dry runs, so the data stays as seeded. */
const JOBS: [string, ...string[]][] = [["ixf-export"], ["warnings", "--dry-run"], ["deprovision", "--dry-run"], ["maintenance"], ["outbox"], ["prune"]];

/**
 * One big list (1,000 to 20,000 entries, log-uniform, so most are nearer 1,000) for every 50th ASN, as
 * transit networks' AS-SETs expand; the other ASNs get 1 to 40 prefixes. IPv6 lists are a quarter as long.
 */
function irrListSize(index: number): number {
  if (index % 50 === 0) return Math.round(1000 * 20 ** (((index * 7919) % 1000) / 1000));
  return 1 + ((index * 31) % 40);
}

async function addIrrLists(db: Database): Promise<{ lists: number; bigLists: number; entries: number }> {
  const rows = await db.select({ id: asns.id, asn: asns.asn }).from(asns).orderBy(asc(asns.id));
  let block = 0;
  let entries = 0;
  let bigLists = 0;
  let batch: (typeof irrPrefixSets.$inferInsert)[] = [];
  let batchEntries = 0;
  const flush = async () => {
    if (batch.length > 0) await db.insert(irrPrefixSets).values(batch);
    batch = [];
    batchEntries = 0;
  };
  for (const [index, row] of rows.entries()) {
    const size = irrListSize(index);
    if (size >= 1000) bigLists++;
    const v4 = Array.from({ length: size }, () => {
      const b = block++;
      return b % 7 === 0 ? { prefix: `${11 + Math.floor(b / 65536)}.${Math.floor(b / 256) % 256}.${b % 256}.0/24` } : { prefix: `${11 + Math.floor(b / 65536)}.${Math.floor(b / 256) % 256}.${b % 256}.0/24`, le: 24 };
    });
    const v6 = Array.from({ length: Math.max(1, Math.floor(size / 4)) }, (_, k) => ({ prefix: `2a0${1 + (index % 8)}:${index.toString(16)}:${k.toString(16)}::/48` }));
    const common = { asnId: row.id, source: "RADB", originAsns: [row.asn], fetchedAt: new Date() };
    batch.push({ ...common, family: 4, prefixes: JSON.stringify(v4) }, { ...common, family: 6, prefixes: JSON.stringify(v6) });
    entries += v4.length + v6.length;
    batchEntries += v4.length + v6.length;
    if (batchEntries > 50_000 || batch.length >= 500) await flush();
  }
  await flush();
  return { lists: rows.length * 2, bigLists, entries };
}

/** Runs `ixp`; wall and CPU seconds (GNU time), since on a shared machine wall time includes waiting for a core. */
function cli(args: string[], url: string, extraEnv: Record<string, string> = {}): { seconds: number; cpuSeconds: number } {
  const result = spawnSync("/usr/bin/time", ["-f", "%e %U %S", process.execPath, IXP, ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn", ...extraEnv },
    timeout: 900_000,
  });
  if (result.status !== 0) throw new Error(`ixp ${args.join(" ")} failed: ${result.stderr}`);
  const [wall, user, system] = result.stderr.trim().split("\n").at(-1)!.split(" ").map(Number) as [number, number, number];
  return { seconds: wall, cpuSeconds: user + system };
}

/** Wall and CPU milliseconds of one in-process step. */
async function timed<T>(step: () => T | Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await step();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, value };
}

/** GNU time's wall and CPU seconds and peak memory of `bird -p -c`. */
function birdParse(path: string): { wall: number; cpu: number; peakMb: number } {
  const timed = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "bird", "-p", "-c", path], { encoding: "utf8" });
  if (timed.status !== 0) throw new Error(`bird -p -c failed: ${timed.stderr.slice(-2000)}`);
  const [wall, user, system, peakKb] = timed.stderr.trim().split("\n").at(-1)!.split(" ").map(Number) as [number, number, number, number];
  return { wall, cpu: user + system, peakMb: peakKb / 1024 };
}

async function approvalsPerSecond(db: Database): Promise<{ approved: number; seconds: number; perSecond: number }> {
  // The demo POP offering vxlan with the most room; approvals queue on the LAN's allocation lock as in production.
  const [pop] = await db
    .select({ id: locations.id })
    .from(locations)
    .innerJoin(locationTunnelTypes, eq(locationTunnelTypes.locationId, locations.id))
    .where(eq(locationTunnelTypes.type, "vxlan"))
    .orderBy(asc(locations.id))
    .limit(1);
  const ids: number[] = [];
  for (let i = 0; i < APPROVALS; i++) ids.push(await addPendingRequest(db, { asn: 4_210_000_000 + i, locationId: pop!.id, tunnelType: "vxlan" }));
  const queue = [...ids];
  const reviewer = systemReviewer("bench");
  const started = performance.now();
  await Promise.all(
    Array.from({ length: VOLUNTEERS }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await approveRequest(db, id, reviewer, { overrideReason: NO_PROOF });
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { approved: ids.length, seconds, perSecond: ids.length / seconds };
}

interface Result {
  members: number;
  addresses: number;
  seedSeconds: number;
  irr: { lists: number; bigLists: number; entries: number };
  render: { seconds: number; cpuSeconds: number };
  startupCpuSeconds: number;
  load: { ms: number; cpuMs: number };
  generate: { ms: number; cpuMs: number };
  configMb: number;
  bird: { wall: number; cpu: number; peakMb: number };
  ixf: { ms: number; cpuMs: number };
  jobs: Record<string, number>;
  approvals: { approved: number; seconds: number; perSecond: number };
}

async function measure(members: number): Promise<Result> {
  const bench = await createBenchDatabase(`scale${members}`, members);
  const pool = createPool(bench.url, VOLUNTEERS + 2);
  const db = createDb(pool);
  const dir = mkdtempSync(join(tmpdir(), "ixp-bench-scale-"));
  try {
    const [{ n: addresses }] = (await db.select({ n: count() }).from(ips)) as [{ n: number }];
    const irr = await addIrrLists(db);
    console.log(`${members} members: ${addresses} addresses, ${irr.lists} IRR lists (${irr.bigLists} of 1,000-20,000 entries), ${irr.entries} entries`);

    const [routeServer] = await listActiveRouteServers(db);
    const render = cli(["render", "routeserver", routeServer!.name, "--out", dir], bench.url);
    const startup = cli(["--help"], bench.url);
    const configPath = join(dir, `${routeServer!.name}.conf`);
    const load = await timed(() => loadRenderInput(db, routeServer!, (lanPrefixes, neverVia) => renderOptionsFromEnv(env(), lanPrefixes, neverVia)));
    const generate = await timed(() => renderRouteServerConfig(load.value));
    const bird = birdParse(configPath);
    console.log(
      `render: ixp ${render.seconds.toFixed(2)} s wall, ${render.cpuSeconds.toFixed(2)} s CPU (of which ${startup.cpuSeconds.toFixed(2)} s CPU starting the CLI); in process DB load ${load.ms.toFixed(0)} ms (${load.cpuMs.toFixed(0)} CPU) + render ${generate.ms.toFixed(0)} ms (${generate.cpuMs.toFixed(0)} CPU); bird -p -c ${bird.wall.toFixed(2)} s wall, ${bird.cpu.toFixed(2)} s CPU, ${bird.peakMb.toFixed(0)} MB`,
    );

    const ixf = await timed(() => generateIxfDocument(db, new Date()));

    const jobs: Record<string, number> = {};
    for (const [name, ...flags] of JOBS) {
      cli(["job", "run", name, ...flags], bench.url, { IXF_EXPORT_PATH: join(dir, "ixf.json") });
      const [run] = await db
        .select({ startedAt: jobRuns.startedAt, finishedAt: jobRuns.finishedAt })
        .from(jobRuns)
        .where(and(eq(jobRuns.jobName, name), isNotNull(jobRuns.finishedAt)))
        .orderBy(asc(jobRuns.id));
      jobs[name] = run!.finishedAt!.getTime() - run!.startedAt.getTime();
    }
    console.log(`jobs (ms): ${JSON.stringify(jobs)}`);

    const approvals = await approvalsPerSecond(db);
    console.log(`approvals: ${approvals.approved} by ${VOLUNTEERS} concurrent volunteers in ${approvals.seconds.toFixed(1)} s = ${approvals.perSecond.toFixed(1)}/s`);
    return {
      members,
      addresses,
      seedSeconds: bench.seedSeconds,
      irr,
      render,
      startupCpuSeconds: startup.cpuSeconds,
      load: { ms: load.ms, cpuMs: load.cpuMs },
      generate: { ms: generate.ms, cpuMs: generate.cpuMs },
      configMb: statSync(configPath).size / 1e6,
      bird,
      ixf: { ms: ixf.ms, cpuMs: ixf.cpuMs },
      jobs,
      approvals,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await pool.end();
    await bench.drop();
  }
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const results: Result[] = [];
for (const members of sizes.length > 0 ? sizes : [1000, 10000]) results.push(await measure(members));

const rows: [string, (r: Result) => number, number][] = [
  ["addresses", (r) => r.addresses, 0],
  ["seed (migrate + demo seed), s", (r) => r.seedSeconds, 1],
  ["IRR entries", (r) => r.irr.entries, 0],
  ["`ixp render routeserver` wall, s (bar < 2)", (r) => r.render.seconds, 2],
  ["`ixp render routeserver` CPU, s", (r) => r.render.cpuSeconds, 2],
  ["  CLI start-up alone (`ixp --help`) CPU, s", (r) => r.startupCpuSeconds, 2],
  ["  DB load in process, wall ms", (r) => r.load.ms, 0],
  ["  DB load in process, CPU ms", (r) => r.load.cpuMs, 0],
  ["  render in process, wall ms", (r) => r.generate.ms, 0],
  ["  render in process, CPU ms", (r) => r.generate.cpuMs, 0],
  ["config size, MB", (r) => r.configMb, 1],
  ["`bird -p -c` wall, s (bar < 30)", (r) => r.bird.wall, 2],
  ["`bird -p -c` CPU, s", (r) => r.bird.cpu, 2],
  ["`bird -p -c` peak RSS, MB", (r) => r.bird.peakMb, 0],
  ["IX-F export generation (load + build + checks), wall ms", (r) => r.ixf.ms, 0],
  ["IX-F export generation, CPU ms", (r) => r.ixf.cpuMs, 0],
  ...JOBS.map(([name]): [string, (r: Result) => number, number] => [`job ${name}, ms`, (r) => r.jobs[name]!, 0]),
  [`approvals/s, ${VOLUNTEERS} concurrent volunteers`, (r) => r.approvals.perSecond, 1],
];
console.log(`\n| measure | ${results.map((r) => `${r.members} members`).join(" | ")} |${results.length === 2 ? " growth |" : ""}`);
console.log(`|---|${results.map(() => "---|").join("")}${results.length === 2 ? "---|" : ""}`);
for (const [label, value, digits] of rows) {
  const values = results.map(value);
  const growth = results.length === 2 && values[0]! > 0 ? ` ${(values[1]! / values[0]!).toFixed(1)}x |` : results.length === 2 ? " - |" : "";
  console.log(`| ${label} | ${values.map((v) => v.toFixed(digits)).join(" | ")} |${growth}`);
}
