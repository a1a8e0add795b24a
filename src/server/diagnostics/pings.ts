import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { pingEvents, pingRollups } from "@/server/db/schema";
import { CHART_WINDOWS, buildPingSeries, windowBounds, type ChartWindow, type PingSeries, type RollupRow } from "./series";

/** Reads the stored per-minute rollups of one address for a chart window (by minute, or summed per hour in SQL). */
export async function rollupRows(db: Executor, ipId: number, from: Date, to: Date, bucketMs: number): Promise<RollupRow[]> {
  const inWindow = and(eq(pingRollups.ipId, ipId), gte(pingRollups.minute, from), lt(pingRollups.minute, to));
  if (bucketMs <= 60_000) {
    const rows = await db
      .select({ at: pingRollups.minute, sent: pingRollups.sent, received: pingRollups.received, rttAvgMs: pingRollups.rttAvgMs, rttMaxMs: pingRollups.rttMaxMs })
      .from(pingRollups)
      .where(inWindow)
      .orderBy(asc(pingRollups.minute));
    return rows;
  }
  const bucketSeconds = Math.round(bucketMs / 1000);
  // The session time zone is UTC (client.ts), so UNIX_TIMESTAMP of a stored DATETIME is the UTC instant.
  const bucket = sql<number>`floor(unix_timestamp(${pingRollups.minute}) / ${bucketSeconds})`;
  const rows = await db
    .select({
      bucket,
      sent: sql<string>`sum(${pingRollups.sent})`,
      received: sql<string>`sum(${pingRollups.received})`,
      rttWeighted: sql<string | null>`sum(${pingRollups.rttAvgMs} * ${pingRollups.received})`,
      rttReceived: sql<string | null>`sum(case when ${pingRollups.rttAvgMs} is null then 0 else ${pingRollups.received} end)`,
      rttMaxMs: sql<number | null>`max(${pingRollups.rttMaxMs})`,
    })
    .from(pingRollups)
    .where(inWindow)
    .groupBy(bucket)
    .orderBy(bucket);
  return rows.map((row) => {
    const replies = Number(row.rttReceived ?? 0);
    return {
      at: new Date(Number(row.bucket) * bucketSeconds * 1000),
      sent: Number(row.sent),
      received: Number(row.received),
      rttAvgMs: replies > 0 ? Number(row.rttWeighted) / replies : null,
      rttMaxMs: row.rttMaxMs === null ? null : Number(row.rttMaxMs),
    };
  });
}

export interface ChartData {
  window: ChartWindow;
  label: string;
  bucketMs: number;
  series: PingSeries;
}

/** Both chart windows of one address. */
export async function pingCharts(db: Executor, ipId: number, now: Date): Promise<ChartData[]> {
  return Promise.all(
    (Object.keys(CHART_WINDOWS) as ChartWindow[]).map(async (window) => {
      const { from, to, bucketMs } = windowBounds(window, now);
      return { window, label: CHART_WINDOWS[window].label, bucketMs, series: buildPingSeries(await rollupRows(db, ipId, from, to, bucketMs), from, to, bucketMs) };
    }),
  );
}

/** When each address last came up (its latest "up" event): "up since". */
export async function lastUpEvents(db: Executor, ipIds: readonly number[]): Promise<Map<number, Date>> {
  if (ipIds.length === 0) return new Map();
  const rows = await db
    .select({ ipId: pingEvents.ipId, at: sql<Date>`max(${pingEvents.at})`.mapWith(pingEvents.at) })
    .from(pingEvents)
    .where(and(inArray(pingEvents.ipId, [...ipIds]), eq(pingEvents.state, "up")))
    .groupBy(pingEvents.ipId);
  return new Map(rows.map((row) => [row.ipId, row.at]));
}
