/**
 * Approvals per second with 10 concurrent volunteers: on the single server (TEST_DATABASE_SERVER_URL), through one
 * Galera node, and spread over all three (scripts/galera.sh start first). Results: docs/SCALING.md.
 *   npx tsx bench/galera-approvals.ts [approvals per case, default 60] [concurrency, default 10]
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import mysql from "mysql2/promise";
import { createDb, createPool, type Database } from "@/server/db/client";
import { runMigrations } from "@/server/db/migrate";
import { createMailTransport } from "@/server/mail/transport";
import { approveRequest } from "@/server/requests/approve";
import { systemReviewer } from "@/server/requests/reviewer";
import { addLan, addPendingRequest, addPop, NO_PROOF } from "../tests/helpers/ix-fixture";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const perCase = Number(process.argv[2] ?? 60);
const concurrency = Number(process.argv[3] ?? 10);
const reviewer = systemReviewer("cli:bench");
const transport = createMailTransport(undefined);

async function withDatabase<T>(servers: string[], run: (nodes: Database[], primary: Database) => Promise<T>): Promise<T> {
  const name = `ixpbench_galera_${process.pid}_${Date.now() % 100_000}`;
  const admin = await mysql.createConnection({ uri: servers[0]! });
  await admin.query(`CREATE DATABASE \`${name}\``);
  const pools = servers.map((server) => createPool(new URL(name, server).toString(), concurrency + 2));
  try {
    const nodes = pools.map((pool) => createDb(pool));
    await runMigrations(nodes[0]!);
    return await run(nodes, nodes[0]!);
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  }
}

/** perCase approvals, `concurrency` at a time, the i-th through nodes[i % nodes.length]; approvals per second. */
async function measure(label: string, servers: string[], spread: boolean): Promise<void> {
  await withDatabase(servers, async (nodes, primary) => {
    const pop = await addPop(primary, { code: "BEN", tunnelTypes: ["vxlan", "eoip"] });
    await addLan(primary, { ipv4Prefix: "198.18.0.0/22", ipv6Prefix: "2001:2:0:1::/64" });
    const ids: number[] = [];
    for (let i = 0; i < perCase; i++) ids.push(await addPendingRequest(primary, { asn: 2_300_000 + i, locationId: pop, tunnelType: i % 2 ? "vxlan" : "eoip" }));
    const used = spread ? nodes : [primary];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < ids.length; i = next++) await approveRequest(used[i % used.length]!, ids[i]!, reviewer, { transport, overrideReason: NO_PROOF });
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`${label}: ${perCase} approvals, ${concurrency} at a time, in ${seconds.toFixed(2)} s = ${(perCase / seconds).toFixed(1)} approvals/s`);
  });
}

const single = process.env.TEST_DATABASE_SERVER_URL ?? "mysql://root@127.0.0.1:3306/";
const galera = execFileSync("bash", [`${ROOT}scripts/galera.sh`, "urls"], { encoding: "utf8" }).trim().split("\n");
await measure("single MariaDB", [single], false);
await measure("Galera, all through node 1", galera, false);
await measure("Galera, spread over 3 nodes", galera, true);
