/**
 * Ping monitor at 1,000 and 10,000 targets, 1 Hz, inside a network namespace of its own:
 * CPU of the monitor (this process) + its fping children, database writes per second in steady state,
 * and the time from an address disappearing to its state change being stored.
 *
 *   npx tsx bench/ping-monitor.ts [1000 10000]
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import mysql from "mysql2/promise";
import { and, eq, inArray } from "drizzle-orm";
import { createDb, createPool } from "@/server/db/client";
import { runMigrations } from "@/server/db/migrate";
import { asns, clients, ips, locations, peeringLans, pingEvents } from "@/server/db/schema";
import { PingMonitor, pingMonitorConfig } from "@/server/monitoring/ping/monitor";
import { BENCH_SERVER_URL } from "./bench-db";

const SERVER = BENCH_SERVER_URL;
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 30);
const REMOVED = 20;
const TICKS = 100; // USER_HZ: /proc/<pid>/stat times are in 1/100 s

/** Half IPv4 (198.18.0.0/15 benchmarking range), half IPv6 (2001:2::/48): never routed anywhere. */
function address(i: number): string {
  if (i % 2 === 0) return `198.18.${4 + Math.floor(i / 2 / 250)}.${1 + ((i / 2) % 250)}`;
  return `2001:2:0:1::${(0x1000 + (i - 1) / 2).toString(16)}`;
}

const lo = (a: string) => (a.includes(":") ? `${a}/128 dev lo nodad` : `${a}/32 dev lo`);

function fpingCpuTicks(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      total += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** Counts INSERT/UPDATE/DELETE statements sent through the pool, split by whether they touch ping_rollups. */
function countWrites(pool: mysql.Pool) {
  const counts = { writes: 0, rollupWrites: 0 };
  const count = (sql: unknown) => {
    const text = typeof sql === "string" ? sql : String((sql as { sql?: string })?.sql ?? "");
    if (!/^\s*(insert|update|delete)/i.test(text)) return;
    if (/ping_rollups/.test(text)) counts.rollupWrites++;
    else counts.writes++;
  };
  const wrap = <T extends { query: (...a: never[]) => unknown; execute: (...a: never[]) => unknown }>(target: T) => {
    for (const method of ["query", "execute"] as const) {
      const original = target[method].bind(target) as (...a: unknown[]) => unknown;
      (target as Record<string, unknown>)[method] = (...args: unknown[]) => {
        count(args[0]);
        return original(...args);
      };
    }
    return target;
  };
  wrap(pool as never);
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = async () => wrap((await getConnection()) as never);
  return counts;
}

function createTopology(monitorNs: string, membersNs: string): void {
  const commands = [
    ["netns", "add", monitorNs],
    ["netns", "add", membersNs],
    ["-n", monitorNs, "link", "set", "lo", "up"],
    ["-n", membersNs, "link", "set", "lo", "up"],
    ["link", "add", "bm0", "netns", monitorNs, "type", "veth", "peer", "name", "bt0", "netns", membersNs],
    ["-n", monitorNs, "addr", "add", "198.18.0.2/32", "dev", "bm0"],
    ["-n", monitorNs, "addr", "add", "2001:2:0:1::2/128", "dev", "bm0", "nodad"],
    ["-n", monitorNs, "addr", "add", "fe80::2/64", "dev", "bm0", "nodad"],
    ["-n", membersNs, "addr", "add", "fe80::1/64", "dev", "bt0", "nodad"],
    ["-n", monitorNs, "link", "set", "bm0", "up"],
    ["-n", membersNs, "link", "set", "bt0", "up"],
    // One gateway per family, so the monitor keeps two neighbour entries instead of 10,000.
    ["-n", membersNs, "addr", "add", "198.18.0.1/32", "dev", "bt0"],
    ["-n", monitorNs, "route", "add", "198.18.0.1/32", "dev", "bm0"],
    ["-n", monitorNs, "route", "add", "198.18.0.0/15", "via", "198.18.0.1", "dev", "bm0"],
    ["-n", monitorNs, "-6", "route", "add", "2001:2::/48", "via", "fe80::1", "dev", "bm0"],
    ["-n", membersNs, "route", "add", "198.18.0.2/32", "dev", "bt0"],
    ["-n", membersNs, "-6", "route", "add", "2001:2:0:1::2/128", "via", "fe80::2", "dev", "bt0"],
  ];
  for (const args of commands) execFileSync("ip", args);
}

async function bench(targets: number) {
  const name = `ixpbench_${process.pid}_${targets}`;
  // Two namespaces joined by a veth pair, like a monitoring host on a peering LAN: the monitor has one
  // address per family, the "members" answer from addresses on lo. (Putting 10,000 addresses in the
  // monitor's own namespace would make the kernel's IPv6 source selection walk all of them per probe.)
  const ns = `ixpbm${process.pid}`.slice(0, 15);
  const members = `ixpbt${process.pid}`.slice(0, 15);
  const admin = await mysql.createConnection({ uri: SERVER });
  await admin.query(`CREATE DATABASE \`${name}\``);
  const pool = createPool(new URL(name, SERVER).toString(), 10);
  const db = createDb(pool);
  let monitor: PingMonitor | undefined;
  try {
    await runMigrations(db);
    const [{ id: locationId }] = (await db.insert(locations).values({ code: "BEN", name: "Bench", city: "Bench", country: "US" }).$returningId()) as [{ id: number }];
    void locationId;
    const [{ id: lanId }] = (await db.insert(peeringLans).values({ name: "Bench LAN", ixfVlanId: 1 }).$returningId()) as [{ id: number }];
    const [{ id: clientId }] = (await db.insert(clients).values({ name: "Bench", contactEmail: "bench@example.net" }).$returningId()) as [{ id: number }];
    const [{ id: asnId }] = (await db.insert(asns).values({ asn: 4_200_000_001, clientId }).$returningId()) as [{ id: number }];
    const addresses = Array.from({ length: targets }, (_, i) => address(i));
    for (let i = 0; i < targets; i += 1000) {
      await db.insert(ips).values(addresses.slice(i, i + 1000).map((a) => ({ lanId, asnId, family: a.includes(":") ? 6 : 4, address: a })));
    }

    createTopology(ns, members);
    execFileSync("ip", ["-n", members, "-batch", "-"], { input: addresses.map((a) => `address add ${lo(a)}`).join("\n") + "\n" });

    const writes = countWrites(pool);
    // The worker's own defaults (PING_* variables), inside the bench namespace.
    monitor = new PingMonitor(db, { ...pingMonitorConfig(), netns: ns });
    const started = Date.now();
    await monitor.start();
    while (monitor.status().up < targets) {
      if (Date.now() - started > 60_000) throw new Error(`only ${monitor.status().up}/${targets} up after 60 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const allUpMs = Date.now() - started;
    await new Promise((r) => setTimeout(r, 3_000)); // let the first flush of "up" events settle

    const pids = monitor.status().processes.map((p) => p.pid!).filter(Boolean);
    const cpu0 = process.cpuUsage();
    const fping0 = fpingCpuTicks(pids);
    const writes0 = { ...writes };
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, STEADY_SECONDS * 1000));
    const seconds = (Date.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const workerCore = (cpu.user + cpu.system) / 1e6 / seconds;
    const fpingCore = (fpingCpuTicks(pids) - fping0) / TICKS / seconds;
    const stateWritesPerSecond = (writes.writes - writes0.writes) / seconds;
    const rollupWrites = writes.rollupWrites - writes0.rollupWrites;

    // Down detection: remove some addresses, time until each down event is stored.
    const gone = addresses.filter((_, i) => i % Math.floor(targets / REMOVED) === 0).slice(0, REMOVED);
    const [goneIds] = [await db.select({ id: ips.id }).from(ips).where(inArray(ips.address, gone))];
    const removedAt = Date.now();
    execFileSync("ip", ["-n", members, "-batch", "-"], { input: gone.map((a) => `address del ${lo(a)}`).join("\n") + "\n" });
    const latencies: number[] = [];
    const seen = new Set<number>();
    while (seen.size < gone.length && Date.now() - removedAt < 30_000) {
      const rows = await db
        .select({ ipId: pingEvents.ipId })
        .from(pingEvents)
        .where(and(eq(pingEvents.state, "down"), inArray(pingEvents.ipId, goneIds.map((r) => r.id))));
      for (const row of rows) {
        if (!seen.has(row.ipId)) {
          seen.add(row.ipId);
          latencies.push(Date.now() - removedAt);
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    latencies.sort((a, b) => a - b);
    const falseDowns = (await db.select({ ipId: pingEvents.ipId }).from(pingEvents).where(eq(pingEvents.state, "down"))).filter((row) => !seen.has(row.ipId)).length;

    return {
      targets,
      fpingProcesses: pids.length,
      allUpSeconds: allUpMs / 1000,
      workerCpuPercentOfCore: +(workerCore * 100).toFixed(1),
      fpingCpuPercentOfCore: +(fpingCore * 100).toFixed(1),
      totalCpuPercentOfCore: +((workerCore + fpingCore) * 100).toFixed(1),
      steadySeconds: +seconds.toFixed(1),
      warmUpWriteStatements: writes0.writes,
      stateWritesPerSecond: +stateWritesPerSecond.toFixed(2),
      rollupStatementsInWindow: rollupWrites,
      downDetected: `${seen.size}/${gone.length}`,
      downLatencyMedianMs: latencies[Math.floor(latencies.length / 2)] ?? null,
      downLatencyMaxMs: latencies.at(-1) ?? null,
      falseDownEvents: falseDowns,
    };
  } finally {
    await monitor?.stop();
    for (const name of [ns, members]) execFileSync("ip", ["netns", "delete", name], { stdio: "ignore" });
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.end();
  }
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
for (const size of sizes.length ? sizes : [1_000, 10_000]) {
  console.log(JSON.stringify(await bench(size)));
}
