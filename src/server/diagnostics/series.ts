/**
 * Pure: turns stored per-minute ping rollups into the aligned arrays a time-series chart draws.
 * One point per bucket from `from` (inclusive) to `to` (exclusive); a bucket without rollups is null,
 * so the chart shows a gap instead of a made-up value.
 */

export interface RollupRow {
  /** Start of the minute (or of the bucket when the database already aggregated). */
  at: Date;
  sent: number;
  received: number;
  /** Average round-trip time over the received replies, in ms; null when nothing came back. */
  rttAvgMs: number | null;
  rttMaxMs: number | null;
}

export interface PingSeries {
  /** Bucket starts, UNIX seconds (UTC), as uPlot expects them. */
  times: number[];
  /** Average latency per bucket, weighted by replies received. */
  latencyAvgMs: (number | null)[];
  latencyMaxMs: (number | null)[];
  /** Share of probes lost per bucket, in percent. */
  lossPercent: (number | null)[];
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** The two windows the diagnostics pages chart: the last 24 hours by minute, the last 14 days by hour. */
export const CHART_WINDOWS = {
  day: { label: "last 24 hours", spanMs: 24 * HOUR_MS, bucketMs: MINUTE_MS },
  fortnight: { label: "last 14 days", spanMs: 14 * 24 * HOUR_MS, bucketMs: HOUR_MS },
} as const;
export type ChartWindow = keyof typeof CHART_WINDOWS;

/** The window ending at the start of the bucket after `now` (so the running minute or hour is the last point). */
export function windowBounds(window: ChartWindow, now: Date): { from: Date; to: Date; bucketMs: number } {
  const { spanMs, bucketMs } = CHART_WINDOWS[window];
  const to = new Date(Math.floor(now.getTime() / bucketMs) * bucketMs + bucketMs);
  return { from: new Date(to.getTime() - spanMs), to, bucketMs };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export function buildPingSeries(rows: readonly RollupRow[], from: Date, to: Date, bucketMs: number): PingSeries {
  const start = from.getTime();
  const count = Math.max(0, Math.ceil((to.getTime() - start) / bucketMs));
  const sent = new Array<number>(count).fill(0);
  const received = new Array<number>(count).fill(0);
  const rttSum = new Array<number>(count).fill(0);
  const rttReplies = new Array<number>(count).fill(0);
  const rttMax = new Array<number | null>(count).fill(null);
  for (const row of rows) {
    const index = Math.floor((row.at.getTime() - start) / bucketMs);
    if (index < 0 || index >= count) continue;
    sent[index]! += row.sent;
    received[index]! += row.received;
    if (row.rttAvgMs !== null && row.received > 0) {
      rttSum[index]! += row.rttAvgMs * row.received;
      rttReplies[index]! += row.received;
    }
    if (row.rttMaxMs !== null) rttMax[index] = Math.max(rttMax[index] ?? 0, row.rttMaxMs);
  }
  const times = Array.from({ length: count }, (_, i) => (start + i * bucketMs) / 1000);
  return {
    times,
    latencyAvgMs: rttSum.map((sum, i) => (rttReplies[i]! > 0 ? round(sum / rttReplies[i]!, 3) : null)),
    latencyMaxMs: rttMax.map((value) => (value === null ? null : round(value, 3))),
    lossPercent: sent.map((n, i) => (n > 0 ? round(((n - received[i]!) / n) * 100, 2) : null)),
  };
}

/** How many buckets of a series hold a value: what the chart draws, and what the browser tests count. */
export const drawnPoints = (values: readonly (number | null)[]) => values.filter((value) => value !== null).length;
