import Link from "next/link";
import { Cell, DataTable, Row } from "@/components/data-table";
import { Section } from "@/components/section";
import { getDb } from "@/server/db/client";
import { describeDuration } from "@/server/diagnostics/checklist";
import { HEATMAP_HOURS, UPCOMING_DAYS, operatorDashboard } from "@/server/diagnostics/dashboard";
import { heatmapShade, type HeatmapCell } from "@/server/diagnostics/heatmap";
import { HEARTBEAT_STALE_MS } from "@/server/jobs/worker-status";
import { utcMinute } from "@/shared/utc";

const SHADES: Record<ReturnType<typeof heatmapShade>, string> = {
  none: "bg-slate-100",
  good: "bg-green-400",
  slow: "bg-amber-300",
  lossy: "bg-orange-500",
  down: "bg-red-600",
};

const cellTitle = (cell: HeatmapCell) =>
  cell.lossPercent === null
    ? "no data"
    : `${cell.latencyMs === null ? "no replies" : `${cell.latencyMs} ms`}, ${cell.lossPercent}% loss${cell.changes ? `, ${cell.changes} up/down change${cell.changes === 1 ? "" : "s"}` : ""}`;

function Tile({ label, value, href, testId }: { label: string; value: React.ReactNode; href?: string; testId: string }) {
  const body = (
    <>
      <span className="block text-2xl font-bold text-brand-900">{value}</span>
      <span className="text-sm text-slate-600">{label}</span>
    </>
  );
  return (
    <div className="rounded border border-slate-200 bg-white p-3" data-testid={testId}>
      {href ? (
        <Link href={href} className="block hover:underline">
          {body}
        </Link>
      ) : (
        body
      )}
    </div>
  );
}

/** The /admin landing's overview: what is down, what is coming, whether the worker and route servers are healthy. */
export async function OperatorDashboardView() {
  const d = await operatorDashboard(getDb());
  const ago = (at: Date) => describeDuration(d.now.getTime() - at.getTime());
  return (
    <div className="space-y-6" data-testid="operator-dashboard">
      <p className="text-sm text-slate-600">As of {utcMinute(d.now)}; all times UTC.</p>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Tile testId="tile-requests" label={`pending requests (${d.requests.unverified} awaiting email confirmation)`} value={d.requests.pending} href="/admin/requests?state=pending" />
        <Tile testId="tile-down" label="members down now" value={d.down.total} href="#down-heading" />
        <Tile testId="tile-upcoming" label={`warnings and deprovisions in the next ${UPCOMING_DAYS} days`} value={d.upcoming.total} href="#upcoming-heading" />
        <Tile testId="tile-workers" label="workers reporting" value={d.workers.length} href="/admin/jobs" />
      </div>

      <Section id="down" title="Members down now">
        {d.down.total === 0 ? (
          <p className="text-sm text-slate-600">Every provisioned address answers pings and has a session up.</p>
        ) : (
          <>
            <DataTable headers={["Member", "Down for", "Addresses"]}>
              {d.down.members.map((m) => (
                <Row key={m.clientId} testId="down-member">
                  <Cell>
                    <Link href={`/admin/members/${m.clientId}/diagnostics`} className="text-brand-700 underline">
                      {m.name}
                    </Link>
                  </Cell>
                  <Cell>{m.since ? `${ago(m.since)} (since ${utcMinute(m.since)})` : "since before monitoring"}</Cell>
                  <Cell small>
                    {m.addresses.map((a) => `${a.address}: ping ${a.ping === null ? "not probed" : a.ping ? "up" : "down"}, session ${a.session}`).join("; ")}
                  </Cell>
                </Row>
              ))}
            </DataTable>
            {d.down.total > d.down.members.length && <p className="text-sm text-slate-600">The {d.down.members.length} longest outages of {d.down.total}.</p>}
          </>
        )}
      </Section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section id="route-servers" title="Route servers">
          <DataTable headers={["Route server", "Sessions established", "Last config rollout"]}>
            {d.routeServers.map((rs) => (
              <Row key={rs.id} testId="dashboard-route-server">
                <Cell>
                  <Link href={`/admin/route-servers/${rs.id}`} className="text-brand-700 underline">
                    {rs.name}
                  </Link>
                  {!rs.active && " (inactive)"}
                </Cell>
                <Cell>
                  {rs.established} of {rs.sessions}
                </Cell>
                <Cell small>
                  {rs.lastDeployedAt ? `${utcMinute(rs.lastDeployedAt)} (${ago(rs.lastDeployedAt)} ago)` : "never"}
                  {rs.rolloutPending && " · a change is waiting for rollout"}
                </Cell>
              </Row>
            ))}
          </DataTable>
        </Section>

        <Section id="filtered" title="Filtered routes by reason">
          {d.filteredByReason.length === 0 ? (
            <p className="text-sm text-slate-600">The route servers filter no routes.</p>
          ) : (
            <DataTable headers={["Reason", "Routes"]}>
              {d.filteredByReason.map((r) => (
                <Row key={r.reason} testId="filtered-reason">
                  <Cell>{r.text}</Cell>
                  <Cell>{r.routes}</Cell>
                </Row>
              ))}
            </DataTable>
          )}
        </Section>

        <Section id="upcoming" title={`Warnings and deprovisions in the next ${UPCOMING_DAYS} days`}>
          {d.upcoming.total === 0 ? (
            <p className="text-sm text-slate-600">Nothing is due.</p>
          ) : (
            <>
              <DataTable headers={["When", "What", "Member", "Address"]}>
                {d.upcoming.actions.map((u) => (
                  <Row key={`${u.ipId}-${u.action}`} testId="upcoming-action">
                    <Cell small>{utcMinute(u.at)}</Cell>
                    <Cell>{u.action === "warning" ? "warning email" : "deprovisioning"}</Cell>
                    <Cell>
                      <Link href={`/admin/members/${u.clientId}`} className="text-brand-700 underline">
                        {u.clientName}
                      </Link>
                    </Cell>
                    <Cell mono small>
                      {u.address}
                    </Cell>
                  </Row>
                ))}
              </DataTable>
              {d.upcoming.total > d.upcoming.actions.length && <p className="text-sm text-slate-600">The {d.upcoming.actions.length} soonest of {d.upcoming.total}.</p>}
            </>
          )}
        </Section>

        <Section id="worker" title="Worker health">
          {d.workers.length === 0 ? (
            <p className="text-sm font-medium text-red-800" data-testid="worker-missing">
              No worker has reported in the last {HEARTBEAT_STALE_MS / 1000} seconds: nothing is pinged, no session is checked and no email leaves.
            </p>
          ) : (
            <DataTable headers={["Worker", "Running since", "Last heartbeat"]}>
              {d.workers.map((w) => (
                <Row key={w.workerId} testId="dashboard-worker">
                  <Cell small>
                    {w.hostname} (pid {w.pid})
                  </Cell>
                  <Cell small>{utcMinute(w.startedAt)}</Cell>
                  <Cell small>{ago(w.heartbeatAt)} ago</Cell>
                </Row>
              ))}
            </DataTable>
          )}
        </Section>
      </div>

      <Section id="heatmap" title={`Latency heatmap, last ${HEATMAP_HOURS} hours (UTC)`}>
        <p className="text-sm text-slate-600">
          One row per member, one square per hour: green under 50 ms, amber slower, orange with loss or up/down changes, red without replies, grey
          without data. Members with the most up/down changes come first.
        </p>
        {d.heatmap.rows.length === 0 ? (
          <p className="text-sm text-slate-600">No ping statistics in the last {HEATMAP_HOURS} hours.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="text-xs" data-testid="heatmap" data-rows={d.heatmap.rows.length} data-hours={d.heatmap.hours.length}>
              <thead>
                <tr>
                  <th className="pr-2 text-left font-medium">Member</th>
                  {d.heatmap.hours.map((hour) => (
                    <th key={hour.getTime()} className="w-4 font-normal text-slate-500" scope="col">
                      {hour.getUTCHours() % 3 === 0 ? String(hour.getUTCHours()).padStart(2, "0") : ""}
                    </th>
                  ))}
                  <th className="pl-2 text-left font-medium">Changes</th>
                </tr>
              </thead>
              <tbody>
                {d.heatmap.rows.map((row) => (
                  <tr key={row.clientId} data-testid="heatmap-row" data-changes={row.changes}>
                    <th scope="row" className="max-w-48 truncate pr-2 text-left font-normal">
                      <Link href={`/admin/members/${row.clientId}/diagnostics`} className="text-brand-700 underline">
                        {row.name}
                      </Link>
                    </th>
                    {row.cells.map((cell, i) => (
                      <td key={i} className="p-px">
                        <span
                          className={`block h-4 w-4 rounded-sm ${SHADES[heatmapShade(cell)]}`}
                          data-testid="heatmap-cell"
                          data-shade={heatmapShade(cell)}
                          title={`${String(d.heatmap.hours[i]!.getUTCHours()).padStart(2, "0")}:00 UTC: ${cellTitle(cell)}`}
                          aria-label={`${row.name}, ${String(d.heatmap.hours[i]!.getUTCHours()).padStart(2, "0")}:00 UTC: ${cellTitle(cell)}`}
                        />
                      </td>
                    ))}
                    <td className="pl-2">{row.changes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </div>
  );
}
