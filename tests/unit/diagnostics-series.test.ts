import { describe, expect, it } from "vitest";
import { buildHeatmap, heatmapHours, heatmapShade } from "@/server/diagnostics/heatmap";
import { buildPingSeries, drawnPoints, HOUR_MS, MINUTE_MS, windowBounds } from "@/server/diagnostics/series";
import { nextWarningDate, upcomingActions } from "@/server/diagnostics/upcoming";
import { DAY_MS } from "@/server/monitoring/rules";

const now = new Date("2026-03-10T12:34:56Z");

describe("chart series from per-minute rollups", () => {
  it("has one point per minute for 24 hours and one per hour for 14 days, ending with the running bucket", () => {
    const day = windowBounds("day", now);
    expect(day.to.toISOString()).toBe("2026-03-10T12:35:00.000Z");
    expect((day.to.getTime() - day.from.getTime()) / day.bucketMs).toBe(1440);
    const fortnight = windowBounds("fortnight", now);
    expect(fortnight.to.toISOString()).toBe("2026-03-10T13:00:00.000Z");
    expect((fortnight.to.getTime() - fortnight.from.getTime()) / fortnight.bucketMs).toBe(336);
  });

  it("places rollups in their buckets, leaves gaps null and weights latency by replies", () => {
    const from = new Date("2026-03-10T10:00:00Z");
    const to = new Date("2026-03-10T13:00:00Z");
    const at = (iso: string) => new Date(iso);
    const series = buildPingSeries(
      [
        { at: at("2026-03-10T10:00:00Z"), sent: 60, received: 60, rttAvgMs: 10, rttMaxMs: 12 },
        { at: at("2026-03-10T10:01:00Z"), sent: 60, received: 30, rttAvgMs: 40, rttMaxMs: 90 },
        { at: at("2026-03-10T12:59:00Z"), sent: 60, received: 0, rttAvgMs: null, rttMaxMs: null },
        { at: at("2026-03-10T09:59:00Z"), sent: 60, received: 60, rttAvgMs: 1, rttMaxMs: 1 }, // before the window
      ],
      from,
      to,
      HOUR_MS,
    );
    expect(series.times).toEqual([from.getTime() / 1000, from.getTime() / 1000 + 3600, from.getTime() / 1000 + 7200]);
    expect(series.latencyAvgMs).toEqual([20, null, null]); // (60×10 + 30×40) / 90
    expect(series.latencyMaxMs).toEqual([90, null, null]);
    expect(series.lossPercent).toEqual([25, null, 100]);
    expect(drawnPoints(series.lossPercent)).toBe(2);
  });

  it("by minute, every stored minute is one drawn point", () => {
    const { from, to, bucketMs } = windowBounds("day", now);
    const rows = Array.from({ length: 90 }, (_, i) => ({ at: new Date(to.getTime() - (i + 1) * MINUTE_MS), sent: 60, received: 59, rttAvgMs: 5 + i, rttMaxMs: 9 + i }));
    const series = buildPingSeries(rows, from, to, bucketMs);
    expect(series.times).toHaveLength(1440);
    expect(drawnPoints(series.latencyAvgMs)).toBe(90);
    expect(series.lossPercent.at(-1)).toBe(1.67);
  });
});

describe("the latency heatmap", () => {
  const hours = heatmapHours(now, 4);
  it("lists the last hours ending with the current one", () => {
    expect(hours.map((h) => h.toISOString().slice(11, 16))).toEqual(["09:00", "10:00", "11:00", "12:00"]);
  });

  it("puts the flapping member first and buckets loss, latency and changes per hour", () => {
    const heatmap = buildHeatmap(
      [
        { clientId: 1, name: "Steady" },
        { clientId: 2, name: "Flappy" },
        { clientId: 3, name: "Silent" },
      ],
      [
        { clientId: 1, hour: hours[0]!, sent: 3600, received: 3600, rttWeightedSum: 3600 * 4 },
        { clientId: 2, hour: hours[2]!, sent: 3600, received: 1800, rttWeightedSum: 1800 * 80 },
        { clientId: 2, hour: hours[3]!, sent: 100, received: 0, rttWeightedSum: 0 },
      ],
      [
        { clientId: 2, at: new Date(hours[2]!.getTime() + 60_000) },
        { clientId: 2, at: new Date(hours[2]!.getTime() + 120_000) },
        { clientId: 2, at: new Date(hours[0]!.getTime() - 1) }, // outside the window
      ],
      hours,
    );
    expect(heatmap.rows.map((r) => r.name)).toEqual(["Flappy", "Steady", "Silent"]);
    const flappy = heatmap.rows[0]!;
    expect(flappy.changes).toBe(2);
    expect(flappy.cells[2]).toEqual({ latencyMs: 80, lossPercent: 50, changes: 2 });
    expect(flappy.cells.map(heatmapShade)).toEqual(["none", "none", "lossy", "down"]);
    expect(heatmap.rows[1]!.cells.map(heatmapShade)).toEqual(["good", "none", "none", "none"]);
    expect(heatmap.rows[2]!.cells.every((c) => c.lossPercent === null)).toBe(true);
  });
});

describe("warnings and deprovisions coming up", () => {
  const rules = { warnAfterDays: 3, warnRepeatDays: 3, deprovisionAfterDays: 14 };
  const down = (days: number, address: string) => ({ ipId: address.length, address, clientId: 1, clientName: "M", downSince: new Date(now.getTime() - days * DAY_MS) });

  it("the next warning is the first one, then every repeat", () => {
    expect(nextWarningDate(down(1, "a").downSince, now, rules).getTime()).toBe(now.getTime() + 2 * DAY_MS);
    expect(nextWarningDate(down(4, "a").downSince, now, rules).getTime()).toBe(now.getTime() + 2 * DAY_MS);
  });

  it("lists what falls in the next 7 days, soonest first, and no warning after deprovisioning", () => {
    const actions = upcomingActions([down(0.5, "10.0.0.1"), down(12, "10.0.0.22"), down(20, "10.0.0.333")], rules, now, 7);
    expect(actions.map((a) => [a.address, a.action, (a.at.getTime() - now.getTime()) / DAY_MS])).toEqual([
      ["10.0.0.22", "deprovision", 2],
      ["10.0.0.1", "warning", 2.5],
    ]);
  });
});
