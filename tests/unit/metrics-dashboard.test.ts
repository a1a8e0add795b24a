import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { registeredMetricNames } from "@/server/metrics/exporter";

/** docs/grafana-dashboard.json may only plot metrics the exporter registers: a renamed metric breaks this test, not a panel. */

interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
}

const dashboard = JSON.parse(readFileSync(new URL("../../docs/grafana-dashboard.json", import.meta.url), "utf8")) as Dashboard;
const PROMQL_WORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset"]);

/** Metric names in a PromQL expression: identifiers that are not functions, keywords, label matchers, groupings or ranges. */
function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, "")
    .replace(/\{[^}]*\}/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "")
    .replace(/\$\w+/g, "");
  return [...bare.matchAll(/[A-Za-z_:][\w:]*(?!\w|\s*\()/g)].map((match) => match[0]).filter((word) => !PROMQL_WORDS.has(word));
}

describe("the Grafana dashboard", () => {
  const registered = registeredMetricNames();

  it("has panels, each with at least one query", () => {
    expect(dashboard.panels.length).toBeGreaterThan(5);
    for (const panel of dashboard.panels) expect(panel.targets.length, panel.title).toBeGreaterThan(0);
  });

  it("queries only metric names the exporter registers", () => {
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const names = metricNamesIn(expr);
        expect(names.length, `${panel.title}: ${expr}`).toBeGreaterThan(0);
        for (const name of names) expect(registered, `${panel.title}: ${expr}`).toContain(name);
      }
    }
  });

  it("finds the metric names in a query (and so would catch a wrong one)", () => {
    expect(metricNamesIn('time() - max by (route_server) (ixp_rs_sessions_checked_timestamp_seconds{state="up"}[5m])')).toEqual(["ixp_rs_sessions_checked_timestamp_seconds"]);
    expect(metricNamesIn("sum(ixp_members) / ignoring(state) ixp_member_count")).toEqual(["ixp_members", "ixp_member_count"]);
  });
});
