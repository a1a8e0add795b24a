import type { Executor } from "@/server/db/client";
import type { MetricsAccessConfig } from "./access";
import { createMetricsExporter } from "./exporter";

export interface MetricOverview {
  name: string;
  help: string;
  samples: { labels: string; value: number }[];
}

/** The metrics as the admin page lists them: each with its description and one row per label set. */
export async function metricsOverview(db: Executor, now = new Date()): Promise<MetricOverview[]> {
  const exporter = createMetricsExporter();
  await exporter.refresh(db, now);
  const metrics = await exporter.registry.getMetricsAsJSON();
  return metrics.map((metric) => ({
    name: metric.name,
    help: metric.help,
    samples: metric.values.map((sample) => ({
      labels: Object.entries(sample.labels).map(([label, value]) => `${label.replace(/_/g, " ")}: ${value}`).join(", "),
      value: sample.value,
    })),
  }));
}

/** One sentence on whether GET /metrics answers, and to whom. */
export function describeMetricsAccess({ token, allowed }: MetricsAccessConfig): string {
  const ways = [token ? "with the bearer token METRICS_TOKEN" : null, allowed.length ? `from ${allowed.join(", ")} (METRICS_ALLOWED)` : null].filter(Boolean);
  return ways.length ? `GET /metrics answers ${ways.join(" or ")}.` : "GET /metrics is off (404): set METRICS_TOKEN or METRICS_ALLOWED to turn it on.";
}
