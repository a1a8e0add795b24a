import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import mysql from "mysql2/promise";

const IXP = fileURLToPath(new URL("../bin/ixp.mjs", import.meta.url));

/** The database server benches use: TEST_DATABASE_SERVER_URL (e.g. one node of a Galera cluster), else the local one. */
export const BENCH_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? "mysql://root@127.0.0.1:3306/";

/**
 * A throw-away database seeded with `ixp db seed --demo --members N`; drop() removes it.
 * seedSeconds covers `ixp db migrate` and the seed, as an operator would run them.
 */
export async function createBenchDatabase(label: string, members: number): Promise<{ url: string; seedSeconds: number; drop(): Promise<void> }> {
  const server = BENCH_SERVER_URL;
  const name = `ixpbench_${label}_${process.pid}`;
  const url = new URL(name, server).toString();
  const drop = async () => {
    const connection = await mysql.createConnection({ uri: server });
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await connection.end();
  };
  const started = Date.now();
  for (const args of [["db", "migrate"], ["db", "seed", "--demo", "--members", String(members)]]) {
    const result = spawnSync(process.execPath, [IXP, ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn" }, timeout: 600_000 });
    if (result.status !== 0) {
      await drop();
      throw new Error(`ixp ${args.join(" ")} failed: ${result.stderr}`);
    }
  }
  const seedSeconds = (Date.now() - started) / 1000;
  console.log(`seeded ${members} demo members into ${name} in ${seedSeconds.toFixed(1)} s`);
  return { url, seedSeconds, drop };
}

/** Runs `action` once to warm up, then `runs` times: the median wall time in ms, and the last result. */
export async function medianTime<T>(runs: number, action: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await action();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await action();
    samples.push(performance.now() - started);
  }
  return { ms: samples.sort((a, b) => a - b)[Math.floor(runs / 2)]!, result };
}
