import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeServers } from "@/server/db/schema";
import { tryLease } from "@/server/db/lease";
import { LeaseLostError } from "@/server/db/lease";
import type { ConfigHost } from "@/server/routeserver/config-host";
import { deployRouteServer, rolloutConfig } from "@/server/routeserver/deploy";
import { END_MARKER } from "@/server/routeserver/render";
import { seedDemo } from "@/server/seed/demo";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let test: TestDatabase;
const configDir = mkdtempSync(join(tmpdir(), "ixpt-deploylock-"));

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 5, seed: 2 });
  // No BIRD listens here: the deploy gets as far as `configure` and never touches a real route server.
  await test.db.update(routeServers).set({ controlSocket: join(configDir, "no-bird.ctl") });
});
afterAll(async () => {
  await test?.drop();
  rmSync(configDir, { recursive: true, force: true });
});

describe("one deploy per route server at a time", () => {
  it("refuses while another process deploys the same route server, and goes ahead once it is done", async () => {
    const other = await tryLease(test.db, "routeserver-deploy:rs1");
    expect(other).not.toBeNull();
    const refused = await deployRouteServer(test.db, "rs1", { configDir, lockWaitSeconds: 1 });
    expect(refused).toMatchObject({ ok: false, changed: false, steps: [{ step: "lock", ok: false }] });
    expect(refused.steps[0]!.detail).toMatch(/another deploy of rs1 is still running/);

    // A different route server is not held up.
    const rs2 = await deployRouteServer(test.db, "rs2", { configDir, lockWaitSeconds: 1 });
    expect(rs2.steps[0]).toMatchObject({ step: "render", ok: true });

    await other!.release();
    const after = await deployRouteServer(test.db, "rs1", { configDir, lockWaitSeconds: 1 });
    expect(after.steps.map((s) => s.step)).toContain("check");
    expect(after.steps.find((s) => s.step === "check")).toMatchObject({ ok: true });
  });

  it("stops before swapping the config in when the deploy has lost its lease (fencing)", async () => {
    const files = new Map<string, string>([["/rs/rs1.conf", "running config\n"]]);
    const host: ConfigHost = {
      write: async (path, text) => void files.set(path, text),
      read: async (path) => files.get(path) ?? null,
      check: async () => undefined,
      copy: async (from, to) => void files.set(to, files.get(from)!),
      rename: async (from, to) => void (files.set(to, files.get(from)!), files.delete(from)),
      remove: async (path) => void files.delete(path),
    };
    const result = await rolloutConfig(`new config\n${END_MARKER}\n`, {
      configPath: "/rs/rs1.conf",
      host,
      endpoint: { controlSocket: join(configDir, "no-bird.ctl") },
      fence: async () => {
        throw new LeaseLostError("routeserver-deploy:rs1");
      },
    });
    expect(result).toMatchObject({ ok: false, changed: false });
    expect(result.steps.at(-1)).toMatchObject({ step: "lock", ok: false, detail: expect.stringMatching(/lost the lease routeserver-deploy:rs1/) });
    // The running config is untouched and the candidate is gone.
    expect([...files.entries()]).toEqual([["/rs/rs1.conf", "running config\n"]]);
  });
});
