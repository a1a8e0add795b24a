import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import mysql from "mysql2/promise";
import { testRunId } from "./run-id";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);
const script = (...args: string[]) => run("bash", [`${ROOT}scripts/galera.sh`, ...args], { cwd: ROOT, maxBuffer: 4 << 20 });

export interface GaleraCluster {
  /** Server URLs of node 1, 2, 3 (no database). */
  urls: string[];
  pid(node: number): number;
  /** kill -9 the node's mariadbd. */
  kill(node: number): void;
  /** Starts whatever nodes are down (they rejoin by IST/SST) and waits until they are Synced. */
  start(): Promise<void>;
  /** wsrep status of one node. */
  status(node: number, variable: string): Promise<string | null>;
  /** Stops the cluster if this test started it, after dropping the run's databases on it. */
  release(): Promise<void>;
}

const dataDir = () => process.env.IXP_GALERA_DIR ?? `${ROOT}.data/galera`;

/** The cluster of scripts/galera.sh: reused when it already runs, else started here and stopped again afterwards. */
export async function useGaleraCluster(): Promise<GaleraCluster> {
  const urls = (await script("urls")).stdout.trim().split("\n");
  const runningBefore = (await script("status")).stdout.split("\n").filter((line) => line.includes("Synced")).length;
  const startedHere = runningBefore === 0;
  if (runningBefore < urls.length) await script("start");
  const pid = (node: number) => Number(readFileSync(`${dataDir()}/node${node}/mysqld.pid`, "utf8").trim());
  return {
    urls,
    pid,
    kill: (node) => process.kill(pid(node), "SIGKILL"),
    start: async () => void (await script("start")),
    async status(node, variable) {
      const connection = await mysql.createConnection({ uri: urls[node - 1]!, connectTimeout: 2_000 }).catch(() => null);
      if (!connection) return null;
      try {
        const [rows] = await connection.query<mysql.RowDataPacket[]>("SHOW GLOBAL STATUS LIKE ?", [variable]);
        return (rows[0]?.Value as string | undefined) ?? null;
      } finally {
        await connection.end();
      }
    },
    async release() {
      const connection = await mysql.createConnection({ uri: urls[0]! });
      try {
        const [rows] = await connection.query<mysql.RowDataPacket[]>("SHOW DATABASES LIKE ?", [`ixpt_${testRunId()}_%`]);
        for (const row of rows) await connection.query(`DROP DATABASE IF EXISTS \`${Object.values(row)[0] as string}\``);
      } finally {
        await connection.end();
      }
      if (startedHere) await script("stop");
    },
  };
}
