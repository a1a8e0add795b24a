import type { Command } from "commander";
import { NotFoundError } from "@/server/errors";
import { createMetricsExporter } from "@/server/metrics/exporter";
import { getDb } from "../context";

export function registerMetricsCommands(program: Command): void {
  const metrics = program.command("metrics").description("the Prometheus metrics GET /metrics serves");

  metrics
    .command("show")
    .description("print the metrics in Prometheus text format, read from the database now (no cache, no token needed)")
    .option("--metric <name>", "only this metric, e.g. ixp_rs_sessions")
    .action(async (options: { metric?: string }) => {
      const exporter = createMetricsExporter();
      await exporter.refresh(getDb());
      if (options.metric && !exporter.registry.getSingleMetric(options.metric)) {
        throw new NotFoundError(`no metric named ${options.metric}; the metrics are: ${exporter.registry.getMetricsAsArray().map((m) => m.name).join(", ")}`);
      }
      process.stdout.write(options.metric ? `${await exporter.registry.getSingleMetricAsString(options.metric)}\n` : await exporter.registry.metrics());
    });
}
