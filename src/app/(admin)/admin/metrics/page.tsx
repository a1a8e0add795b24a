import type { Metadata } from "next";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { describeMetricsAccess, metricsOverview } from "@/server/metrics/overview";

export const metadata: Metadata = { title: "Metrics" };
export const dynamic = "force-dynamic";

export default async function MetricsPage() {
  await requireRole("volunteer", "/admin/metrics");
  const { METRICS_TOKEN, METRICS_ALLOWED } = env();
  const metrics = await metricsOverview(getDb());
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-900">Metrics</h1>
      <p className="text-sm text-slate-600">
        {describeMetricsAccess({ token: METRICS_TOKEN, allowed: METRICS_ALLOWED })} The values below are what Prometheus gets now, read from the
        database.
      </p>
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-slate-500">
            <th className="py-2 pr-4">Metric</th>
            <th className="pr-4">For</th>
            <th className="text-right">Value</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((metric) =>
            (metric.samples.length ? metric.samples : [{ labels: "nothing recorded yet", value: null }]).map((sample, index) => (
              <tr key={`${metric.name}-${sample.labels}`} className="border-b border-slate-100 align-top">
                {index === 0 && (
                  <td className="py-2 pr-4" rowSpan={Math.max(1, metric.samples.length)}>
                    <span className="font-mono text-xs font-medium">{metric.name}</span>
                    <p className="text-xs text-slate-500">{metric.help}</p>
                  </td>
                )}
                <td className="py-2 pr-4">{sample.labels || "all"}</td>
                <td className="text-right tabular-nums">{sample.value ?? "-"}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </section>
  );
}
