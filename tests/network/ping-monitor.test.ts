import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { ips, pingEvents, workerStatus } from "@/server/db/schema";
import { FpingProcess } from "@/server/monitoring/ping/fping-process";
import type { PingSample } from "@/server/monitoring/ping/fping-output";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createMember } from "../helpers/members";
import { createNamespace, run, type Namespace } from "../helpers/netns";
import { startWorker, waitFor, type WorkerProcess } from "../helpers/worker";

let test: TestDatabase;
let ns: Namespace;
let worker: WorkerProcess | undefined;

const UP = ["198.18.0.10", "198.18.0.11", "2001:2:0:1::10", "2001:2:0:1::11"];
const NEVER_UP = "198.18.0.12";
const UNMONITORED = "198.18.0.13";
const ADDED_LATER = "2001:2:0:1::12";

const prefix = (address: string) => (address.includes(":") ? `${address}/128` : `${address}/32`);
const addAddress = (address: string) => run("ip", ["-n", ns.name, "addr", "add", prefix(address), "dev", "lo", ...(address.includes(":") ? ["nodad"] : [])]);
const removeAddress = (address: string) => run("ip", ["-n", ns.name, "addr", "del", prefix(address), "dev", "lo"]);
const namespacePids = () => run("ip", ["netns", "pids", ns.name]).trim();

beforeAll(async () => {
  test = await createTestDatabase();
  ns = createNamespace("ping");
  for (const address of [...UP, UNMONITORED]) addAddress(address);
  await createMember(test.db, "Ping One", [...UP, NEVER_UP].map((address) => ({ address })));
  await createMember(test.db, "Ping Lab", [{ address: UNMONITORED, monitor: false, pingable: false }]);
});

afterAll(async () => {
  await worker?.stop(5_000);
  ns?.remove();
  await test?.drop();
});

async function pingState(address: string) {
  const [row] = await test.db.select({ id: ips.id, pingable: ips.pingable, monitor: ips.monitor }).from(ips).where(eq(ips.address, address));
  return row!;
}

async function eventsOf(address: string, state: "up" | "down") {
  const { id } = await pingState(address);
  return test.db.select().from(pingEvents).where(and(eq(pingEvents.ipId, id), eq(pingEvents.state, state)));
}

describe("the ping monitor in a network namespace (PING_NETNS)", () => {
  it("records up, then a removed address going down within a few seconds, then back up; follows new IPs; stops its fping children", async () => {
    worker = startWorker({ DATABASE_URL: test.url, PING_NETNS: ns.name, PING_TARGETS_PER_PROCESS: "2", PING_DOWN_AFTER_LOSSES: "3" });

    await waitFor(async () => (await Promise.all(UP.map(pingState))).every((row) => row.pingable === true), 30_000, "every address up");
    await waitFor(async () => (await pingState(NEVER_UP)).pingable === false, 10_000, "the absent address down");
    // Seen up again: the unmonitored IP got monitor back on.
    await waitFor(async () => (await pingState(UNMONITORED)).monitor === true, 10_000, "monitor back on");

    const gone = UP[1]!;
    removeAddress(gone);
    const removedAt = Date.now();
    await waitFor(async () => (await eventsOf(gone, "down")).length === 1, 10_000, `${gone} down`);
    const downLatency = Date.now() - removedAt;
    expect(downLatency).toBeLessThan(7_000);
    expect((await pingState(gone)).pingable).toBe(false);
    // The others did not flap.
    for (const address of UP.filter((a) => a !== gone)) expect(await eventsOf(address, "down")).toHaveLength(0);

    addAddress(gone);
    const restoredAt = Date.now();
    await waitFor(async () => (await eventsOf(gone, "up")).length === 2, 10_000, `${gone} up again`);
    expect(Date.now() - restoredAt).toBeLessThan(4_000);

    // A new IP in the database is picked up without a restart (target list refresh: 10 s).
    addAddress(ADDED_LATER);
    await createMember(test.db, "Ping Late", [{ address: ADDED_LATER }]);
    await waitFor(async () => (await pingState(ADDED_LATER)).pingable === true, 20_000, "the new IP up");

    const [status] = await waitFor(async () => {
      const rows = await test.db.select().from(workerStatus);
      const monitor = rows[0]?.services?.["ping-monitor"] as { state?: string; targets?: number; processes?: unknown[] } | undefined;
      return monitor?.state === "running" && monitor.targets === 7 && (monitor.processes?.length ?? 0) >= 3 ? rows : null;
    }, 15_000, "the heartbeat with the monitor's processes");
    // Seven targets, at most two per fping process.
    expect(status!.services!["ping-monitor"]).toMatchObject({ state: "running", targets: 7, up: 6, down: 1, reason: `probing inside network namespace ${ns.name}` });
    expect((status!.services!["ping-monitor"] as { processes: { targets: number }[] }).processes.every((p) => p.targets <= 2)).toBe(true);

    expect(namespacePids()).not.toBe("");
    expect(await worker.stop()).toBe(0);
    expect(namespacePids()).toBe("");
  });

  it("restarts fping with back-off when it dies", async () => {
    const samples: PingSample[] = [];
    const alive = (pid: number) => {
      try {
        globalThis.process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const process = new FpingProcess([UP[0]!], { netns: ns.name, periodMs: 1_000, sendIntervalMs: 0, summaryMs: 500 }, (sample) => samples.push(sample), () => undefined);
    process.start();
    try {
      await waitFor(async () => samples.length >= 1, 5_000, "a first sample");
      const firstPid = process.status().pid!;
      globalThis.process.kill(firstPid, "SIGKILL");
      await waitFor(async () => process.status().restarts === 1 && process.status().pid !== null, 5_000, "a restart");
      expect(process.status().pid).not.toBe(firstPid);
      const before = samples.length;
      await waitFor(async () => samples.length > before, 5_000, "samples after the restart");
      expect(process.status().lastError).toMatch(/SIGKILL/);
    } finally {
      await process.stop();
    }
    const lastPid = process.status().pid;
    expect(lastPid).toBeNull();
    expect(namespacePids().split("\n").filter(Boolean).map(Number).some(alive)).toBe(false);
  });
});
