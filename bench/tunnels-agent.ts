/**
 * Tunnels benchmark: the agent creating 1,000 VXLAN tunnels from scratch and a no-op pass with
 * them in place (inside a namespace of its own, no underlay route: nothing leaves it), and
 * rendering every POP for 10,000 demo members. Run as root: `npx tsx bench/tunnels-agent.ts`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import { createDb, createPool } from "@/server/db/client";
import { runMigrations } from "@/server/db/migrate";
import { seedDemo } from "@/server/seed/demo";
import { desiredStateSchema } from "@/server/tunnels/desired-state";
import { renderTunnels } from "@/server/tunnels/service";
import { BENCH_SERVER_URL } from "./bench-db";

const TUNNELS = 1_000;
const MEMBERS = 10_000;
const SERVER_URL = BENCH_SERVER_URL;
const ROOT = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "ixp-bench-tunnels-"));
const ns = `ixpbench${process.pid}`.slice(0, 15);

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function agent(stateFile: string): { seconds: number; output: string } {
  const start = process.hrtime.bigint();
  const result = spawnSync("ip", ["netns", "exec", ns, process.execPath, path.join(ROOT, "dist", "ixp-agent.mjs"), "agent", "apply", "--state", stateFile], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`agent failed: ${result.stderr}`);
  return { seconds: seconds(start), output: result.stdout };
}

async function benchAgent() {
  execFileSync("npm", ["run", "--silent", "build:agent"], { cwd: ROOT });
  execFileSync("ip", ["netns", "add", ns]);
  try {
    execFileSync("ip", ["netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"]);
    execFileSync("ip", ["-n", ns, "address", "add", "10.250.0.1/32", "dev", "lo"]);
    const state = desiredStateSchema.parse({
      version: 1,
      location: "BENCH",
      bridge: { name: "br-ixp" },
      interfaces: Array.from({ length: TUNNELS }, (_, i) => ({ kind: "vxlan", name: `ixpv${100 + i}`, vni: 100 + i, port: 4789, remote: `10.251.${Math.floor(i / 250)}.${(i % 250) + 1}`, local: "10.250.0.1", role: "member" })),
    });
    const file = path.join(dir, "desired-state.json");
    writeFileSync(file, JSON.stringify(state));
    const scratch = agent(file);
    const noop = agent(file);
    if (!noop.output.includes("no changes")) throw new Error("the second pass was not a no-op");
    const links = execFileSync("ip", ["-n", ns, "-br", "link", "show", "master", "br-ixp"], { encoding: "utf8" }).trim().split("\n").length;
    return { scratch: scratch.seconds, noop: noop.seconds, links };
  } finally {
    spawnSync("ip", ["netns", "delete", ns]);
  }
}

async function benchRender() {
  const name = `ixpbench_tunnels_${process.pid}`;
  const admin = await mysql.createConnection({ uri: SERVER_URL });
  await admin.query(`CREATE DATABASE \`${name}\``);
  const pool = createPool(new URL(name, SERVER_URL).toString(), 4);
  try {
    const db = createDb(pool);
    await runMigrations(db);
    let start = process.hrtime.bigint();
    await seedDemo(db, { members: MEMBERS, seed: 1 });
    const seedSeconds = seconds(start);
    const perPop: Record<string, { seconds: number; files: number; interfaces: number }> = {};
    start = process.hrtime.bigint();
    for (const code of ["FMT", "AMS", "SYD", "NYC", "JNB"]) {
      const popStart = process.hrtime.bigint();
      const files = await renderTunnels(db, code, path.join(dir, "secrets"));
      const state = JSON.parse(files.find((f) => f.path === "desired-state.json")!.content) as { interfaces: unknown[] };
      perPop[code] = { seconds: seconds(popStart), files: files.length, interfaces: state.interfaces.length };
    }
    return { seedSeconds, total: seconds(start), perPop };
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  }
}

try {
  const agentResult = await benchAgent();
  console.log(`agent: ${TUNNELS} VXLAN tunnels from scratch in ${agentResult.scratch.toFixed(2)} s; no-op pass with ${agentResult.links} in place in ${agentResult.noop.toFixed(2)} s`);
  const render = await benchRender();
  console.log(`render: seeded ${MEMBERS} members in ${render.seedSeconds.toFixed(1)} s; rendered all 5 POPs in ${render.total.toFixed(2)} s`);
  for (const [code, r] of Object.entries(render.perPop)) console.log(`  ${code}: ${r.seconds.toFixed(2)} s, ${r.files} files, ${r.interfaces} interfaces`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
