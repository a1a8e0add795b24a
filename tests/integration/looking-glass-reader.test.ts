import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, createPool } from "@/server/db/client";
import { readBird, RouteServerBusyError, RouteServerNotReachableError, takeClientRequest, type ReaderSettings } from "@/server/lookingglass/bird-reader";
import type { RouteServerRecord } from "@/server/routeserver/queries";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/**
 * The looking glass's guard in front of BIRD, against a stand-in that speaks BIRD's control protocol on a
 * unix socket and notes when each command arrives: the per-route-server cap (shared by processes through the
 * database), the cache, the timeout, and the per-client limit.
 */

const CHILD = fileURLToPath(new URL("../helpers/lg-reader-child.ts", import.meta.url));
let dir: string;
let test: TestDatabase;
const servers: Server[] = [];
const sockets: Socket[] = [];

/** A BIRD stand-in; `greet: false` accepts connections and never answers (a frozen BIRD). */
function fakeBird(name: string, greet: boolean): { path: string; commands: { text: string; at: number }[] } {
  const path = join(dir, `${name}.ctl`);
  const commands: { text: string; at: number }[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    if (!greet) return;
    socket.write("0001 BIRD 2.0.12 ready.\n");
    socket.on("data", (chunk) => {
      for (const text of chunk.toString().split("\n").filter(Boolean)) {
        commands.push({ text, at: Date.now() });
        socket.write(`1000-BIRD 2.0.12\n0000 \n`);
      }
    });
  });
  server.listen(path);
  servers.push(server);
  return { path, commands };
}

const record = (id: number, controlSocket: string) => ({ id, name: `rs${id}`, controlSocket, sshHost: null, sshUser: null }) as unknown as RouteServerRecord;

const paced = (queriesPerSecond: number, cacheSeconds: number, timeoutMs: number): ReaderSettings => ({ db: test.db, queriesPerSecond, cacheSeconds, timeoutMs });

/** Every gap between a start and the one five later is about 1 s at 5 per second (unpaced, all arrive within a few ms). */
function expectFivePerSecond(commands: { at: number }[]) {
  const times = commands.map((c) => c.at).sort((a, b) => a - b);
  // Starts are 200 ms apart, so the 6th is 1 s after the 1st. The fake BIRD sees them after the socket's own
  // delay, which varies on a busy machine: allow 100 ms of it.
  for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(900);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ixp-lg-reader-"));
  test = await createTestDatabase();
});

afterAll(async () => {
  await test?.drop();
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

describe("looking-glass reads of BIRD", () => {
  it("never start more than the configured queries per second per route server, however many arrive at once", async () => {
    const bird = fakeBird("paced", true);
    const settings = paced(5, 0, 5000);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => readBird(record(101, bird.path), `show route for 23.1.${i}.0`, settings)));
    expect(answers.every((a) => a.lines[0]!.text === "BIRD 2.0.12")).toBe(true);
    expect(bird.commands).toHaveLength(10);
    expectFivePerSecond(bird.commands);
  });

  it("keeps the same pace when two processes read at once (as the web processes do)", async () => {
    const bird = fakeBird("shared", true);
    const startAt = Date.now() + 4000; // both begin together, after the child has loaded
    const child = promisify(execFile)(process.execPath, ["--import", "tsx", CHILD, test.url, bird.path, "106", "5", String(startAt)], { timeout: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));
    const settings = paced(5, 0, 5000);
    await Promise.all(Array.from({ length: 5 }, (_, i) => readBird(record(106, bird.path), `show route for 23.2.${i}.0`, settings)));
    const { stdout } = await child;
    expect(JSON.parse(stdout)).toEqual({ answered: 5 });
    expect(bird.commands).toHaveLength(10);
    expect(new Set(bird.commands.map((c) => c.text)).size).toBe(10);
    expectFivePerSecond(bird.commands);
  });

  it("answers identical reads from the cache, also while the first is still on its way", async () => {
    const bird = fakeBird("cached", true);
    const settings = paced(1000, 60, 5000);
    const [a, b] = await Promise.all([readBird(record(102, bird.path), "show status", settings), readBird(record(102, bird.path), "show status", settings)]);
    const c = await readBird(record(102, bird.path), "show status", settings);
    expect([a.fromCache, b.fromCache, c.fromCache]).toEqual([false, true, true]);
    expect(bird.commands).toHaveLength(1);
  });

  it("gives up on a BIRD that does not answer within the timeout, and refuses work that could not start in time", async () => {
    const frozen = fakeBird("frozen", false);
    const started = Date.now();
    const error = await readBird(record(103, frozen.path), "show protocols all", paced(1, 0, 400)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RouteServerNotReachableError);
    expect((error as Error).message).toMatch(/^route server rs103 not reachable/);
    expect(Date.now() - started).toBeLessThan(1500);

    const missing = await readBird(record(104, join(dir, "none.ctl")), "show status", paced(1, 0, 400)).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RouteServerNotReachableError);

    // With one query per second and a 400 ms timeout, the second of two simultaneous reads cannot start in time.
    const bird = fakeBird("busy", true);
    const settings = paced(1, 0, 400);
    const results = await Promise.allSettled([readBird(record(105, bird.path), "show status", settings), readBird(record(105, bird.path), "show memory", settings)]);
    expect(results[0]!.status).toBe("fulfilled");
    expect(results[1]!.status === "rejected" && results[1]!.reason instanceof RouteServerBusyError).toBe(true);
  });
});

describe("per-client limit", () => {
  it("allows the configured number of requests per client and minute, counted in the database for every process, then refuses until the next minute", async () => {
    const start = new Date(Date.UTC(2026, 0, 1, 12, 0, 0));
    const otherProcess = createPool(test.url, 1); // another connection pool, as another web process has
    try {
      const results = [];
      for (const db of [test.db, createDb(otherProcess), test.db, createDb(otherProcess)]) results.push(await takeClientRequest(db, "192.0.2.1", 3, start));
      expect(results).toEqual([true, true, true, false]);
      expect(await takeClientRequest(test.db, "192.0.2.2", 3, start)).toBe(true);
      expect(await takeClientRequest(test.db, "192.0.2.1", 3, new Date(start.getTime() + 60_000))).toBe(true);
    } finally {
      await otherProcess.end();
    }
  });
});
