import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBird, RouteServerBusyError, RouteServerNotReachableError } from "@/server/lookingglass/bird-reader";
import type { RouteServerRecord } from "@/server/routeserver/queries";

/**
 * The looking glass's guard in front of BIRD, against a stand-in that speaks BIRD's control protocol on a
 * unix socket and notes when each command arrives: the per-route-server cap, the cache, and the timeout.
 */

let dir: string;
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

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ixp-lg-reader-"));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

describe("looking-glass reads of BIRD", () => {
  it("never start more than the configured queries per second per route server, however many arrive at once", async () => {
    const bird = fakeBird("paced", true);
    const settings = { queriesPerSecond: 5, cacheSeconds: 0, timeoutMs: 5000 };
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => readBird(record(101, bird.path), `show route for 23.1.${i}.0`, settings)));
    expect(answers.every((a) => a.lines[0]!.text === "BIRD 2.0.12")).toBe(true);
    expect(bird.commands).toHaveLength(10);
    const times = bird.commands.map((c) => c.at).sort((a, b) => a - b);
    // Starts are 200 ms apart, so the 6th is 1 s after the 1st. The fake BIRD sees them after the socket's own
    // delay, which varies on a busy machine: allow 100 ms of it (unpaced, all ten arrive within a few ms).
    for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(900);
  });

  it("answers identical reads from the cache, also while the first is still on its way", async () => {
    const bird = fakeBird("cached", true);
    const settings = { queriesPerSecond: 1000, cacheSeconds: 60, timeoutMs: 5000 };
    const [a, b] = await Promise.all([readBird(record(102, bird.path), "show status", settings), readBird(record(102, bird.path), "show status", settings)]);
    const c = await readBird(record(102, bird.path), "show status", settings);
    expect([a.fromCache, b.fromCache, c.fromCache]).toEqual([false, true, true]);
    expect(bird.commands).toHaveLength(1);
  });

  it("gives up on a BIRD that does not answer within the timeout, and refuses work that could not start in time", async () => {
    const frozen = fakeBird("frozen", false);
    const started = Date.now();
    const error = await readBird(record(103, frozen.path), "show protocols all", { queriesPerSecond: 1, cacheSeconds: 0, timeoutMs: 400 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RouteServerNotReachableError);
    expect((error as Error).message).toMatch(/^route server rs103 not reachable/);
    expect(Date.now() - started).toBeLessThan(1500);

    const missing = await readBird(record(104, join(dir, "none.ctl")), "show status", { queriesPerSecond: 1, cacheSeconds: 0, timeoutMs: 400 }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RouteServerNotReachableError);

    // With one query per second and a 400 ms timeout, the second of two simultaneous reads cannot start in time.
    const bird = fakeBird("busy", true);
    const settings = { queriesPerSecond: 1, cacheSeconds: 0, timeoutMs: 400 };
    const results = await Promise.allSettled([readBird(record(105, bird.path), "show status", settings), readBird(record(105, bird.path), "show memory", settings)]);
    expect(results[0]!.status).toBe("fulfilled");
    expect(results[1]!.status === "rejected" && results[1]!.reason instanceof RouteServerBusyError).toBe(true);
  });
});
