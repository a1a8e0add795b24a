"use client";

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { drawnPoints } from "@/server/diagnostics/series";

export interface ChartSeries {
  label: string;
  unit: string;
  color: string;
  values: (number | null)[];
}

/** Points of a series that hold a value: what the chart draws (gaps are null). */

/**
 * A time-series chart drawn by uPlot on a canvas. Times are UNIX seconds and shown in UTC. The wrapper
 * carries the number of points it was given per series (data-drawn-points) so tests can check the drawing,
 * and a one-line text summary so the page says something without JavaScript.
 */
export function TimeSeriesChart({ title, times, series, testId, height = 180 }: { title: string; times: number[]; series: ChartSeries[]; testId: string; height?: number }) {
  const target = useRef<HTMLDivElement>(null);
  const wrapper = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(300, element.clientWidth),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      scales: { x: { time: true } },
      series: [{ label: "Time (UTC)" }, ...series.map((s) => ({ label: `${s.label} (${s.unit})`, stroke: s.color, width: 1.5, spanGaps: false, points: { show: false } }))],
      axes: [{ values: (_chart, splits) => utcTickLabels(splits) }, { label: series.map((s) => s.unit).filter((u, i, all) => all.indexOf(u) === i).join(" / "), size: 50 }],
      legend: { show: true },
      hooks: { draw: [() => wrapper.current?.setAttribute("data-rendered", "true")] },
    };
    const chart = new uPlot(options, [times, ...series.map((s) => s.values)] as uPlot.AlignedData, element);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(300, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [times, series, height]);

  const points = series.map((s) => drawnPoints(s.values));
  return (
    <figure ref={wrapper} className="space-y-1" data-testid={testId} data-points={times.length} data-drawn-points={points.join(",")}>
      <figcaption className="text-sm font-medium text-slate-700">
        {title} <span className="font-normal text-slate-500">(times in UTC)</span>
      </figcaption>
      <div ref={target} className="w-full" />
      <p className="text-xs text-slate-500">
        {series.map((s, i) => `${s.label}: ${points[i]} of ${times.length} points${summary(s.values, s.unit)}`).join(" · ")}
      </p>
    </figure>
  );
}

/** 24-hour UTC tick labels: "14:00" within a day, "11-28" (or "11-28 12:00") across days. */
function utcTickLabels(splits: number[]): string[] {
  const span = splits.length > 1 ? splits[splits.length - 1]! - splits[0]! : 0;
  return splits.map((seconds) => {
    const iso = new Date(seconds * 1000).toISOString();
    const time = iso.slice(11, 16);
    if (span < 2 * 86_400) return time;
    return time === "00:00" ? iso.slice(5, 10) : `${iso.slice(5, 10)} ${time}`;
  });
}

function summary(values: readonly (number | null)[], unit: string): string {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return ", no data";
  const min = Math.min(...present);
  const max = Math.max(...present);
  const avg = present.reduce((a, b) => a + b, 0) / present.length;
  return `, min ${min.toFixed(1)} / avg ${avg.toFixed(1)} / max ${max.toFixed(1)} ${unit}`;
}
