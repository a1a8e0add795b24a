import { readdirSync, readFileSync } from "node:fs";
import { get } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/server/seed/demo";
import { startApp, type RunningApp } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { waitFor } from "../helpers/worker";

/**
 * The web app as scripts/start.sh runs it with WEB_PROCESSES=2 (src/web/main.ts): two server processes share
 * the port and both serve, one that dies is replaced while the other keeps answering, and stopping the
 * primary leaves no process behind.
 */

let test: TestDatabase;
let app: RunningApp;

interface ProcessInfo {
  pid: number;
  parent: number;
  group: number;
  /** CPU time so far, in clock ticks (user + system). */
  ticks: number;
}

function processes(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      found.push({ pid: Number(entry), parent: Number(fields[1]), group: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

const serverProcesses = () => processes().filter((p) => p.parent === app.pid);

/** `count` requests one after another, each on a connection of its own, so the primary hands them out in turn. */
async function requestsOnNewConnections(count: number, path: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    statuses.push(
      await new Promise<number>((resolve, reject) =>
        get(`${app.url}${path}`, { agent: false }, (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
        }).on("error", reject),
      ),
    );
  }
  return statuses;
}

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 40, seed: 11 });
  app = await startApp({ DATABASE_URL: test.url, WEB_PROCESSES: "2" });
  // Both processes have listened once the primary has two children and each answered (the health check reached one).
  await waitFor(async () => serverProcesses().length === 2, 30_000, "two server processes");
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await test?.drop();
});

describe("several web server processes on one port", () => {
  it("share the requests: both server processes do work", async () => {
    // Warm both up (each compiles the page on its first request), then measure.
    await requestsOnNewConnections(6, "/locations");
    const before = new Map(serverProcesses().map((p) => [p.pid, p.ticks]));
    const statuses = await requestsOnNewConnections(60, "/locations");
    expect(statuses.every((status) => status === 200)).toBe(true);
    const after = serverProcesses();
    expect(after).toHaveLength(2);
    // 30 renders of /locations each: several 10 ms clock ticks of CPU, where an idle process gains none or one.
    for (const server of after) expect(server.ticks - (before.get(server.pid) ?? 0)).toBeGreaterThanOrEqual(5);
  });

  it("replaces a server process that dies, and the other keeps answering meanwhile", async () => {
    const [victim, survivor] = serverProcesses();
    process.kill(victim!.pid, "SIGKILL");
    // A connection that arrives before the primary has seen the death is lost with the process (node:cluster).
    await waitFor(async () => app.output().includes(`server process ${victim!.pid} died`), 10_000, "the primary to notice");
    const statuses = await requestsOnNewConnections(10, "/api/health");
    expect(statuses.every((status) => status === 200)).toBe(true);
    await waitFor(async () => serverProcesses().length === 2, 30_000, "a replacement server process");
    const pids = serverProcesses().map((p) => p.pid);
    expect(pids).toContain(survivor!.pid);
    expect(pids).not.toContain(victim!.pid);
    // The replacement serves too: with the survivor's requests counted apart, new connections reach it.
    const replacement = pids.find((pid) => pid !== survivor!.pid)!;
    const ticksBefore = processes().find((p) => p.pid === replacement)!.ticks;
    expect((await requestsOnNewConnections(40, "/locations")).every((status) => status === 200)).toBe(true);
    expect(processes().find((p) => p.pid === replacement)!.ticks - ticksBefore).toBeGreaterThanOrEqual(5);
  });

  it("stops every server process with the primary", async () => {
    const group = app.pid;
    process.kill(app.pid, "SIGTERM"); // the primary only, as `kill <pid>` or a service manager would
    await waitFor(async () => processes().every((p) => p.group !== group), 15_000, "the web processes to exit");
    await expect(fetch(`${app.url}/api/health`)).rejects.toThrow();
  });
});
