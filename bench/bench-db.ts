import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import mysql from "mysql2/promise";

const IXP = fileURLToPath(new URL("../bin/ixp.mjs", import.meta.url));

/** A throw-away database seeded with `ixp db seed --demo --members N`; drop() removes it. */
export async function createBenchDatabase(label: string, members: number): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.TEST_DATABASE_SERVER_URL ?? "mysql://root@127.0.0.1:3306/";
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
  console.log(`seeded ${members} demo members into ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { url, drop };
}
