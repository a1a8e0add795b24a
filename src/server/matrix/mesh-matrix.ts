import type { Executor } from "@/server/db/client";
import { meshLinkProbes } from "@/server/db/schema";
import { loadPops, tunnelSettings } from "@/server/tunnels/load";
import { meshFor } from "@/server/tunnels/mesh";
import type { PopRow } from "@/server/tunnels/model";
import { TunnelConfigError } from "@/server/tunnels/params";
import type { PingState } from "@/shared/enums";
import { utcSecond } from "@/shared/utc";

/** A report older than this means the tunnel server stopped probing: its cells turn grey. */
export const MESH_REPORT_STALE_MS = 30_000;

/**
 * How a cell looks: `down` red, `lossy` amber (some probes lost in the last report), `up` green, `no-data`
 * grey (a link the mesh should have but no recent report), `no-link` (the mesh has no direct link there).
 */
export type LinkHealth = "up" | "lossy" | "down" | "no-data" | "no-link";

export interface MeshCell {
  from: string;
  to: string;
  health: LinkHealth;
  /** Part of the last report's probes that got no answer, 0..1; null without a recent report. */
  loss: number | null;
  rttAvgMs: number | null;
  /** Since when the state shown holds (the last state change, or the last report for stale links). */
  since: Date | null;
}

export interface MeshMatrix {
  pops: { code: string; name: string }[];
  /** rows[i][j]: from pops[i] to pops[j]; null on the diagonal. */
  rows: (MeshCell | null)[][];
}

type Probe = { state: PingState | null; stateSince: Date | null; sent: number; received: number; rttAvgMs: number | null; reportedAt: Date };

export function linkHealth(expected: boolean, probe: Probe | undefined, now: Date): Pick<MeshCell, "health" | "loss" | "rttAvgMs" | "since"> {
  if (!probe) return { health: expected ? "no-data" : "no-link", loss: null, rttAvgMs: null, since: null };
  if (now.getTime() - probe.reportedAt.getTime() > MESH_REPORT_STALE_MS || probe.state === null) {
    return { health: expected ? "no-data" : "no-link", loss: null, rttAvgMs: null, since: probe.reportedAt };
  }
  const loss = probe.sent > 0 ? 1 - probe.received / probe.sent : null;
  const health: LinkHealth = probe.state === "down" ? "down" : loss ? "lossy" : "up";
  return { health, loss, rttAvgMs: probe.rttAvgMs, since: probe.stateSince };
}

/** The links each POP's desired state has (a POP whose mesh cannot be rendered has none). */
function expectedLinks(pops: PopRow[]): Set<string> {
  const expected = new Set<string>();
  const settings = tunnelSettings();
  for (const pop of pops.filter((p) => p.active)) {
    try {
      for (const link of meshFor(pop, pops, settings).links) expected.add(`${pop.code}>${link.peer}`);
    } catch (error) {
      if (!(error instanceof TunnelConfigError)) throw error;
    }
  }
  return expected;
}

/** The POP-to-POP matrix: active POPs by code, each cell the latest probe of that direction. */
export async function loadMeshMatrix(db: Executor, now = new Date()): Promise<MeshMatrix> {
  const pops = await loadPops(db);
  const active = pops.filter((pop) => pop.active);
  const expected = expectedLinks(pops);
  const probes = new Map((await db.select().from(meshLinkProbes)).map((row) => [`${row.fromLocationId}>${row.toLocationId}`, row]));
  const rows = active.map((from) =>
    active.map((to) => (from.id === to.id ? null : { from: from.code, to: to.code, ...linkHealth(expected.has(`${from.code}>${to.code}`), probes.get(`${from.id}>${to.id}`), now) })),
  );
  return { pops: active.map((pop) => ({ code: pop.code, name: pop.name })), rows };
}

/** Current mesh link states for /metrics: one entry per link the mesh has or a probe reported. */
export async function meshLinkStates(db: Executor, now = new Date()): Promise<MeshCell[]> {
  const matrix = await loadMeshMatrix(db, now);
  return matrix.rows.flat().filter((cell): cell is MeshCell => cell !== null && cell.health !== "no-link");
}

/** A time as the matrix pages and the CLI show it: "2026-11-29 12:00:00 UTC". */

/** One cell in words, the same on the page and in the CLI: "up 0.4 ms", "DOWN 100% loss since ...". */
export function describeCell(cell: MeshCell): string {
  const rtt = cell.rttAvgMs !== null ? ` ${cell.rttAvgMs.toFixed(1)} ms` : "";
  const loss = cell.loss ? ` ${Math.round(cell.loss * 100)}% loss` : "";
  const since = cell.since ? ` since ${utcSecond(cell.since)}` : "";
  switch (cell.health) {
    case "up":
      return `up${rtt}${since}`;
    case "lossy":
      return `up${loss}${rtt}${since}`;
    case "down":
      return `DOWN${loss}${since}`;
    case "no-data":
      return cell.since ? `no data since ${utcSecond(cell.since)}` : "no data yet";
    case "no-link":
      return "no direct link";
  }
}
