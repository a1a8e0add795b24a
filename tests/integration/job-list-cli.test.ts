import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workerStatus } from "@/server/db/schema";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createMember } from "../helpers/members";
import { startWorker, waitFor, type WorkerProcess } from "../helpers/worker";

let test: TestDatabase;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  test = await createTestDatabase();
  // Loopback addresses: the worker's pings never leave the machine.
  await createMember(test.db, "Loopback Networks", [
    { address: "127.0.0.1", provisioned: true, monitor: true },
    { address: "::1", provisioned: true, monitor: true },
  ]);
});

afterAll(async () => {
  await worker?.stop(5_000);
  await test?.drop();
});

describe("ixp job list", () => {
  it("reports the continuous services as the workers report them, not from the CLI's own environment", async () => {
    const before = runCli(["job", "list"], { DATABASE_URL: test.url, PING_ENABLED: "false", PING_NETNS: "" });
    expect(before.status).toBe(0);
    expect(before.stdout).toMatch(/^ping-monitor +continuous +no worker reports it \(is a worker running\?\)$/m);

    // Only the worker may ping; the CLI below runs without PING_ENABLED or PING_NETNS.
    worker = startWorker({ DATABASE_URL: test.url, PING_ENABLED: "true", PING_NETNS: "", JOB_SCHEDULES: "outbox=*/2 * * * * *" });
    const workerId = await waitFor(
      async () => {
        const [row] = await test.db.select().from(workerStatus);
        const ping = row?.services?.["ping-monitor"] as { state?: string; targets?: number } | undefined;
        return ping?.state === "running" && ping.targets === 2 && row!.workerId;
      },
      30_000,
      "the worker's heartbeat with the ping monitor running",
    );
    const listed = runCli(["job", "list"], { DATABASE_URL: test.url, PING_ENABLED: "false", PING_NETNS: "" });
    expect(listed.stderr).toBe("");
    expect(listed.stdout).not.toMatch(/idle: set PING_NETNS/);
    const lines = listed.stdout.split("\n");
    const ping = lines.find((line) => line.startsWith("ping-monitor"))!;
    expect(ping).toMatch(/^ping-monitor +continuous +running on \S+: probing on the host network \(PING_ENABLED=true\); 2 targets/);
    expect(ping).toContain(workerId);

    // Long names keep the columns aligned: the schedule and state columns start at the same place on every row.
    const rows = lines.filter((line) => /^\S/.test(line));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const scheduleColumn = (line: string) => /^\S+ +/.exec(line)![0].length;
    expect(new Set(rows.map(scheduleColumn)).size).toBe(1);
    const descriptions = lines.filter((line) => /^ +\S/.test(line));
    expect(new Set(descriptions.map((line) => /^ +/.exec(line)![0].length))).toEqual(new Set([scheduleColumn(rows[0]!)]));
  });
});
