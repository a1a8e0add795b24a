import { Gauge, type Registry } from "prom-client";
import type { Executor } from "@/server/db/client";

/** Reads the current values from the database into the gauges a collector registered. */
export type Refresh = (db: Executor, now: Date) => Promise<void>;

/**
 * One domain's metrics: register() declares its gauges on the registry (no database needed, so the
 * names can be listed) and returns the function that fills them in at scrape time.
 */
export interface MetricsCollector {
  domain: string;
  register(registry: Registry): Refresh;
}

export interface GaugeSpec<Label extends string> {
  name: string;
  help: string;
  labelNames?: readonly Label[];
}

/** A gauge on this registry only (never prom-client's global one, which would leak between exporters). */
export function gauge<Label extends string>(registry: Registry, spec: GaugeSpec<Label>): Gauge<Label> {
  return new Gauge<Label>({ name: spec.name, help: spec.help, labelNames: spec.labelNames ?? [], registers: [registry] });
}

export type Row<Label extends string> = { labels: Partial<Record<Label, string | number>>; value: number };

/**
 * Replaces every series of the gauge with these rows: label sets that vanished from the database
 * vanish from the scrape too. `zeros` are label sets always shown (0 unless a row says otherwise),
 * so "no failed emails" is a 0 a dashboard can plot, not a missing series.
 */
export function setRows<Label extends string>(target: Gauge<Label>, rows: Row<Label>[], zeros: Partial<Record<Label, string | number>>[] = []): void {
  target.reset();
  for (const labels of zeros) target.set(labels, 0);
  for (const row of rows) target.set(row.labels, row.value);
}
