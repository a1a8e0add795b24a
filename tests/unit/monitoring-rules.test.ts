import { describe, expect, it } from "vitest";
import { DAY_MS, deprovisionDate, warningStep } from "@/server/monitoring/rules";

const rules = { warnAfterDays: 3, warnRepeatDays: 3, deprovisionAfterDays: 14 };
const since = new Date("2026-01-01T10:00:00Z");
const after = (days: number) => new Date(since.getTime() + days * DAY_MS);

describe("the monitoring calendar", () => {
  // Which IPs are due at all is the jobs' query (tests/integration/monitoring-rules.test.ts).
  it("numbers the warnings from day 3, one step every 3 days", () => {
    expect(warningStep(since, after(3), rules)).toBe(0);
    expect(warningStep(since, after(5.9), rules)).toBe(0);
    expect(warningStep(since, after(6), rules)).toBe(1);
    expect(warningStep(since, after(12), rules)).toBe(3);
    expect(warningStep(since, after(13.99), rules)).toBe(3);
    expect(deprovisionDate(since, rules).toISOString()).toBe("2026-01-15T10:00:00.000Z");
  });
});
