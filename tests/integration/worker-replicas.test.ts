import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isNotNull, like, sql } from "drizzle-orm";
import mysql from "mysql2/promise";
import { emailOutbox, jobRuns, workerStatus } from "@/server/db/schema";
import { DAY_MS } from "@/server/monitoring/rules";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createMember } from "../helpers/members";
import { startWorker, waitFor, type WorkerProcess } from "../helpers/worker";

let test: TestDatabase;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  test = await createTestDatabase();
  const since = new Date(Date.now() - 4 * DAY_MS);
  await createMember(test.db, "Sleepy Networks", [{ address: "198.18.0.50", provisioned: true, monitor: true, rsSession: "down", rsSessionDownSince: since }]);
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop(5_000)));
  await test?.drop();
});

describe("three worker replicas started together", () => {
  it("run each scheduled slot of each job exactly once, and stop cleanly on SIGTERM", async () => {
    const env = {
      DATABASE_URL: test.url,
      // Every job every 2 seconds, so a few slots pass during the test.
      JOB_SCHEDULES: "outbox=*/2 * * * * *;warnings=*/2 * * * * *;deprovision=*/2 * * * * *",
      PING_ENABLED: "false",
      PING_NETNS: "",
    };
    workers = [startWorker(env), startWorker(env), startWorker(env)];
    await waitFor(async () => (await test.db.select().from(workerStatus)).length === 3, 30_000, "three heartbeats");
    await waitFor(
      async () => {
        const [row] = await test.db.select({ slots: sql<number>`count(distinct ${jobRuns.scheduledFor})` }).from(jobRuns).where(isNotNull(jobRuns.scheduledFor));
        return Number(row!.slots) >= 4;
      },
      30_000,
      "four scheduled slots",
    );
    const codes = await Promise.all(workers.map((worker) => worker.stop()));
    expect(codes, workers.map((w) => w.output()).join("\n")).toEqual([0, 0, 0]);

    const runs = await test.db.select().from(jobRuns);
    const perSlot = new Map<string, number>();
    for (const run of runs) {
      const key = `${run.jobName}@${run.scheduledFor?.toISOString()}`;
      perSlot.set(key, (perSlot.get(key) ?? 0) + 1);
    }
    expect([...perSlot.values()].every((count) => count === 1)).toBe(true);
    // The sped-up jobs all ran and succeeded; others may hit their own minute schedules meanwhile.
    const sped = runs.filter((run) => ["outbox", "warnings", "deprovision"].includes(run.jobName));
    expect(new Set(sped.map((run) => run.jobName))).toEqual(new Set(["outbox", "warnings", "deprovision"]));
    expect(sped.every((run) => run.outcome === "ok")).toBe(true);
    // Runs are spread over replicas, yet the member got one warning.
    expect(await test.db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, "monitoring-warning:%"))).toHaveLength(1);
    // Shutdown removed their status rows.
    expect(await test.db.select().from(workerStatus)).toHaveLength(0);
  });
});

describe("a worker told to stop while it is still starting", () => {
  it("stops cleanly, with its log, once its services have started", async () => {
    // A database of its own without member IPs: the ping monitor it starts has nothing to ping.
    const fresh = await createTestDatabase();
    const blocker = await mysql.createConnection({ uri: fresh.url });
    try {
      // The ping monitor's first read of the IPs waits on this lock, so the worker is stuck in its start-up
      // while its periodic heartbeat (every 10 s) already shows it alive: the window a SIGTERM fell into.
      await blocker.query("LOCK TABLES ips WRITE");
      const worker = startWorker({ DATABASE_URL: fresh.url, PING_ENABLED: "true", PING_NETNS: "" });
      workers.push(worker);
      await waitFor(async () => (await fresh.db.select().from(workerStatus)).length === 1, 30_000, "the worker's heartbeat");
      const stopped = worker.stop();
      await waitFor(async () => worker.output().includes("SIGTERM: stopping") || worker.child.exitCode !== null, 10_000, "the worker to react to SIGTERM");
      await blocker.query("UNLOCK TABLES");
      expect(await stopped, worker.output()).toBe(0);
      expect(worker.output()).toMatch(/SIGTERM: stopping[\s\S]*"stopped"/);
      expect(await fresh.db.select().from(workerStatus)).toHaveLength(0);
    } finally {
      await blocker.end();
      await fresh.drop();
    }
  });
});
