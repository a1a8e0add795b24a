import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ipsDueForDeprovisioning, ipsDueForWarning } from "@/server/monitoring/queries";
import { DAY_MS } from "@/server/monitoring/rules";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createMember } from "../helpers/members";

/** The calendar as the warnings and deprovision jobs apply it: the queries they run, on a real database. */
let test: TestDatabase;
const rules = { warnAfterDays: 3, warnRepeatDays: 3, deprovisionAfterDays: 14 };
const now = new Date("2026-01-20T10:00:00Z");
const downFor = (days: number) => new Date(now.getTime() - days * DAY_MS);
const DAYS = [2.99, 3, 5.99, 6, 13.99, 14, 20];

beforeAll(async () => {
  test = await createTestDatabase();
  const down = { provisioned: true, monitor: true, rsSession: "down" as const };
  await createMember(
    test.db,
    "Calendar Networks",
    DAYS.map((days, index) => ({ address: `198.18.1.${index + 1}`, ...down, rsSessionDownSince: downFor(days) })),
  );
  // Never chosen, however long down: sessions up, not monitored, or already deprovisioned.
  await createMember(test.db, "Exempt Networks", [
    { address: "198.18.2.1", provisioned: true, monitor: true, rsSession: "up", rsSessionDownSince: downFor(20) },
    { address: "198.18.2.2", provisioned: true, monitor: false, rsSession: "down", rsSessionDownSince: downFor(20) },
    { address: "198.18.2.3", provisioned: false, monitor: true, rsSession: "down", rsSessionDownSince: downFor(20) },
  ]);
});

afterAll(async () => {
  await test?.drop();
});

const daysOf = (rows: { downSince: Date }[]) => rows.map((row) => Math.round(((now.getTime() - row.downSince.getTime()) / DAY_MS) * 100) / 100).sort((a, b) => a - b);

describe("the monitoring calendar, as the jobs query it", () => {
  it("warns from day 3 until deprovisioning is due on day 14", async () => {
    expect(daysOf(await ipsDueForWarning(test.db, rules, now))).toEqual([3, 5.99, 6, 13.99]);
  });

  it("deprovisions from day 14", async () => {
    expect(daysOf(await ipsDueForDeprovisioning(test.db, rules, now))).toEqual([14, 20]);
  });

  it("follows the configured rules", async () => {
    const strict = { warnAfterDays: 1, warnRepeatDays: 1, deprovisionAfterDays: 6 };
    expect(daysOf(await ipsDueForWarning(test.db, strict, now))).toEqual([2.99, 3, 5.99]);
    expect(daysOf(await ipsDueForDeprovisioning(test.db, strict, now))).toEqual([6, 13.99, 14, 20]);
  });
});
