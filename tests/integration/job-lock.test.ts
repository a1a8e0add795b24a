import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { jobRuns, leases } from "@/server/db/schema";
import { LeaseLostError, tryLease } from "@/server/db/lease";
import { runJob } from "@/server/jobs/runner";
import { createMailTransport } from "@/server/mail/transport";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { waitFor } from "../helpers/worker";

let test: TestDatabase;
let other: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
  other = await createTestDatabase();
});
afterAll(async () => {
  await test?.drop();
  await other?.drop();
});

describe("leases (the job, deploy and service locks)", () => {
  it("have one holder per name and database; a release frees it at once with a higher token", async () => {
    const first = await tryLease(test.db, "job:demo");
    expect(first).not.toBeNull();
    expect(first!.token).toBe(1);
    expect(await tryLease(test.db, "job:demo")).toBeNull();
    // Another name, or another portal's database on the same server, is not blocked.
    const otherName = await tryLease(test.db, "job:other");
    const elsewhere = await tryLease(other.db, "job:demo");
    expect(otherName).not.toBeNull();
    expect(elsewhere).not.toBeNull();
    await Promise.all([otherName!.release(), elsewhere!.release()]);

    expect(await first!.stillHeld()).toBe(true);
    await first!.release();
    expect(await first!.stillHeld()).toBe(false);
    const next = await tryLease(test.db, "job:demo");
    expect(next!.token).toBe(2);
    await next!.release();
  });

  it("are kept by a holder that renews, past their lifetime", async () => {
    const held = await tryLease(test.db, "service:renewed", { ttlMs: 400 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await held!.stillHeld()).toBe(true);
    expect(await tryLease(test.db, "service:renewed")).toBeNull();
    await held!.release();
  });

  it("are taken over once a stalled holder lets them expire, and fence that holder out", async () => {
    let lostNoticed = false;
    const stalled = await tryLease(test.db, "routeserver-deploy:rs9", { ttlMs: 300, autoRenew: false, onLost: () => (lostNoticed = true) });
    expect(await tryLease(test.db, "routeserver-deploy:rs9")).toBeNull();
    // Waiting for it: the other side gets it as soon as it has expired, with a higher token.
    const started = Date.now();
    const successor = await tryLease(test.db, "routeserver-deploy:rs9", { waitMs: 5_000 });
    expect(successor).not.toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(successor!.token).toBeGreaterThan(stalled!.token);

    expect(await stalled!.stillHeld()).toBe(false);
    await expect(stalled!.assertHeld()).rejects.toBeInstanceOf(LeaseLostError);
    // A late renewal or release by the old holder changes nothing for the new one.
    expect(await stalled!.renew()).toBe(false);
    expect(lostNoticed).toBe(true);
    await stalled!.release();
    expect(await successor!.stillHeld()).toBe(true);
    const [row] = await test.db.select().from(leases).where(eq(leases.name, "routeserver-deploy:rs9"));
    expect(row!.token).toBe(successor!.token);
    expect(row!.holder).not.toBeNull();
    await successor!.release();
  });

  it("go to exactly one of many racing takers", async () => {
    const takers = await Promise.all(Array.from({ length: 12 }, () => tryLease(test.db, "job:race")));
    const winners = takers.filter((lease) => lease !== null);
    expect(winners).toHaveLength(1);
    await winners[0]!.release();
  });

  it("notice a takeover during renewal and report it once", async () => {
    let lost = 0;
    const holder = await tryLease(test.db, "service:stolen", { ttlMs: 600, onLost: () => lost++ });
    // Simulate the row expiring (e.g. the holder's renewals did not reach the database) and a successor taking it.
    await test.db.update(leases).set({ expiresAt: new Date(Date.now() - 1_000) }).where(eq(leases.name, "service:stolen"));
    const successor = await tryLease(test.db, "service:stolen");
    expect(successor).not.toBeNull();
    await waitFor(async () => lost === 1, 3_000, "the holder to notice the takeover");
    expect(await holder!.stillHeld()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(lost).toBe(1);
    await successor!.release();
    await holder!.release();
  });

  it("count as lost at the holder's own deadline when a renewal hangs without any answer", async () => {
    let lost = 0;
    let frozen = false;
    // The same database, except that once frozen every statement waits forever (a dead or partitioned connection).
    const hanging = new Proxy(test.db, {
      get: (target, property, receiver) =>
        property === "execute" ? (...args: unknown[]) => (frozen ? new Promise(() => {}) : (target.execute as (...a: unknown[]) => unknown)(...args)) : Reflect.get(target, property, receiver),
    });
    const holder = await tryLease(hanging, "service:hung", { ttlMs: 600, onLost: () => lost++ });
    expect(holder).not.toBeNull();
    frozen = true;
    const frozenAt = Date.now();
    await waitFor(async () => lost === 1, 3_000, "the holder to give the lease up");
    expect(Date.now() - frozenAt).toBeLessThan(1_500);
    frozen = false;
    await holder!.release();
  });

  it("make a job run that outlived its lease end as an error, not as a clean run", async () => {
    let successor: Awaited<ReturnType<typeof tryLease>> = null;
    const stalling = {
      name: "stalling",
      schedule: "0 0 * * *",
      description: "stalls past its lease while another worker takes the job over",
      async run() {
        await test.db.update(leases).set({ expiresAt: new Date(Date.now() - 1_000) }).where(eq(leases.name, "job:stalling"));
        successor = await tryLease(test.db, "job:stalling");
        return { done: 1 };
      },
    };
    const context = { now: new Date(), dryRun: false, actor: "worker:test", mail: createMailTransport(undefined), onRouteServerConfigChanged: async () => undefined };
    const result = await runJob(stalling, { db: test.db, runBy: "test", context });
    expect(successor).not.toBeNull();
    expect(result).toMatchObject({ outcome: "error", error: expect.stringMatching(/lost the lease job:stalling/) });
    const [run] = await test.db.select().from(jobRuns).where(eq(jobRuns.jobName, "stalling"));
    expect(run).toMatchObject({ outcome: "error" });
    await successor!.release();
  });
});
