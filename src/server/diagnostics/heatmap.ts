import { HOUR_MS } from "./series";

/**
 * Pure: the operator dashboard's latency heatmap, members × hours. Each cell is one member's hour:
 * average latency and loss over all the member's addresses, and how many up/down changes the ping
 * monitor recorded in that hour, so a flapping member stands out as a row of changes.
 */

export interface HourlyPingRow {
  clientId: number;
  /** Start of the hour (UTC). */
  hour: Date;
  sent: number;
  received: number;
  /** Sum over the minutes of rtt_avg_ms × received, so averages combine correctly. */
  rttWeightedSum: number;
}

export interface PingChangeRow {
  clientId: number;
  at: Date;
}

export interface HeatmapCell {
  latencyMs: number | null;
  lossPercent: number | null;
  changes: number;
}

export interface HeatmapRow {
  clientId: number;
  name: string;
  cells: HeatmapCell[];
  /** Up/down changes over the whole window: the sort key (most flapping first). */
  changes: number;
  lossPercent: number | null;
}

export interface Heatmap {
  /** Hour starts, oldest first. */
  hours: Date[];
  rows: HeatmapRow[];
}

export function heatmapHours(now: Date, hours: number): Date[] {
  const last = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  return Array.from({ length: hours }, (_, i) => new Date(last - (hours - 1 - i) * HOUR_MS));
}

export function buildHeatmap(
  members: readonly { clientId: number; name: string }[],
  rollups: readonly HourlyPingRow[],
  changes: readonly PingChangeRow[],
  hours: readonly Date[],
): Heatmap {
  const first = hours[0]?.getTime() ?? 0;
  const slot = (at: Date) => Math.floor((at.getTime() - first) / HOUR_MS);
  const byClient = new Map<number, { sent: number[]; received: number[]; rtt: number[]; changes: number[] }>();
  const accumulator = (clientId: number) => {
    let entry = byClient.get(clientId);
    if (!entry) {
      const zeros = () => new Array<number>(hours.length).fill(0);
      entry = { sent: zeros(), received: zeros(), rtt: zeros(), changes: zeros() };
      byClient.set(clientId, entry);
    }
    return entry;
  };
  for (const row of rollups) {
    const i = slot(row.hour);
    if (i < 0 || i >= hours.length) continue;
    const entry = accumulator(row.clientId);
    entry.sent[i]! += row.sent;
    entry.received[i]! += row.received;
    entry.rtt[i]! += row.rttWeightedSum;
  }
  for (const change of changes) {
    const i = slot(change.at);
    if (i < 0 || i >= hours.length) continue;
    accumulator(change.clientId).changes[i]! += 1;
  }
  const rows = members.map(({ clientId, name }): HeatmapRow => {
    const entry = byClient.get(clientId);
    const cells = hours.map((_, i): HeatmapCell => {
      const sent = entry?.sent[i] ?? 0;
      const received = entry?.received[i] ?? 0;
      return {
        latencyMs: received > 0 ? Math.round((entry!.rtt[i]! / received) * 10) / 10 : null,
        lossPercent: sent > 0 ? Math.round(((sent - received) / sent) * 1000) / 10 : null,
        changes: entry?.changes[i] ?? 0,
      };
    });
    const sent = entry ? entry.sent.reduce((a, b) => a + b, 0) : 0;
    const received = entry ? entry.received.reduce((a, b) => a + b, 0) : 0;
    return {
      clientId,
      name,
      cells,
      changes: cells.reduce((sum, cell) => sum + cell.changes, 0),
      lossPercent: sent > 0 ? Math.round(((sent - received) / sent) * 1000) / 10 : null,
    };
  });
  // Most changes first, then most loss, then by name: who is flapping is at the top.
  rows.sort((a, b) => b.changes - a.changes || (b.lossPercent ?? -1) - (a.lossPercent ?? -1) || a.name.localeCompare(b.name));
  return { hours: [...hours], rows };
}

/** The cell's colour class: loss first (red shades), then latency (green to amber), grey without data. */
export function heatmapShade(cell: HeatmapCell): "none" | "good" | "slow" | "lossy" | "down" {
  if (cell.lossPercent === null) return "none";
  if (cell.lossPercent >= 99.9) return "down";
  if (cell.lossPercent >= 1 || cell.changes > 0) return "lossy";
  if ((cell.latencyMs ?? 0) >= 50) return "slow";
  return "good";
}
