import { Registry } from "prom-client";
import type { Executor } from "@/server/db/client";
import type { MetricsCollector, Refresh } from "./collector";
import { COLLECTORS } from "./collectors";

export interface MetricsExporter {
  registry: Registry;
  /** Reads every collector's values from the database (as of `now`) into the registry. */
  refresh(db: Executor, now?: Date): Promise<void>;
}

/** A registry of its own with every collector's gauges; values come only from refresh(). */
export function createMetricsExporter(collectors: readonly MetricsCollector[] = COLLECTORS): MetricsExporter {
  const registry = new Registry();
  const refreshers: Refresh[] = collectors.map((collector) => collector.register(registry));
  return {
    registry,
    async refresh(db, now = new Date()) {
      for (const refresh of refreshers) await refresh(db, now);
    },
  };
}

/** The metric names the exporter registers (the Grafana dashboard may only query these). */
export function registeredMetricNames(): string[] {
  return createMetricsExporter().registry.getMetricsAsArray().map((metric) => metric.name);
}

export const METRICS_CONTENT_TYPE = new Registry().contentType;

let shared: { exporter: MetricsExporter; text: Promise<string> | null; at: number; reading: boolean } | null = null;

/**
 * The Prometheus text of the database's current state. Everything comes from the database, so every web
 * replica answers the same; scrapes within cacheSeconds share one read, and a scrape during a read waits
 * for it (even with cacheSeconds 0: two reads at once would reset each other's gauges in the one registry).
 */
export function metricsText(db: Executor, cacheSeconds: number, now = new Date()): Promise<string> {
  shared ??= { exporter: createMetricsExporter(), text: null, at: 0, reading: false };
  const state = shared;
  if (state.text && (state.reading || now.getTime() - state.at < cacheSeconds * 1000)) return state.text;
  state.at = now.getTime();
  state.reading = true;
  const text = state.exporter.refresh(db, now).then(() => state.exporter.registry.metrics());
  state.text = text;
  text.then(
    () => {
      if (state.text === text) state.reading = false;
    },
    // A failed read is not cached: the next scrape tries the database again.
    () => {
      if (state.text !== text) return;
      state.text = null;
      state.reading = false;
    },
  );
  return text;
}
