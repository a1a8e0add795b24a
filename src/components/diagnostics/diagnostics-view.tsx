import { Cell, DataTable, Row } from "@/components/data-table";
import { StateBadge } from "@/components/ip-status";
import { MemberFilteredRoutes } from "@/components/lookingglass/member-filtered-routes";
import { Section } from "@/components/section";
import { getDb } from "@/server/db/client";
import { checklistVerdict, describeDuration, sessionChecklist, type ChecklistStep, type StepStatus } from "@/server/diagnostics/checklist";
import type { DiagnosticsFacts, IpFacts } from "@/server/diagnostics/model";
import { pingCharts } from "@/server/diagnostics/pings";
import { drawnPoints } from "@/server/diagnostics/series";
import { TimeSeriesChart } from "./time-series-chart";
import { utcMinute } from "@/shared/utc";

const STATUS_LABELS: Record<StepStatus, { text: string; className: string }> = {
  ok: { text: "OK", className: "bg-green-100 text-green-900" },
  fail: { text: "Problem", className: "bg-red-100 text-red-900" },
  warn: { text: "Check", className: "bg-amber-100 text-amber-900" },
  skipped: { text: "Not checked", className: "bg-slate-100 text-slate-600" },
};

function StatusBadge({ status }: { status: StepStatus }) {
  const { text, className } = STATUS_LABELS[status];
  return <span className={`rounded px-1.5 text-xs font-medium ${className}`}>{text}</span>;
}

function Checklist({ steps }: { steps: ChecklistStep[] }) {
  const verdict = checklistVerdict(steps);
  return (
    <div className="space-y-2" data-testid="checklist">
      <h4 className="font-medium">Why is my session not up?</h4>
      <p className="text-sm" data-testid="checklist-verdict" data-status={verdict.status}>
        <StatusBadge status={verdict.status} /> {verdict.text}
      </p>
      <ol className="space-y-2 text-sm">
        {steps.map((step) => (
          <li key={step.id} data-testid={`check-${step.id}`} data-status={step.status} className="rounded border border-slate-100 p-2">
            <p>
              <StatusBadge status={step.status} /> <span className="font-medium">{step.title}</span>
            </p>
            {step.details.map((line) => (
              <p key={line} className="text-slate-700">
                {line}
              </p>
            ))}
            {step.config && (
              <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100" data-testid="expected-bgp-config">
                {step.config}
              </pre>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

const pingNow = (ip: IpFacts, now: Date) =>
  ip.pingUp === null ? "not probed yet" : `${ip.pingUp ? "up" : "down"}${ip.pingSince ? ` since ${utcMinute(ip.pingSince)} (${describeDuration(now.getTime() - ip.pingSince.getTime())})` : ""}`;

async function AddressDiagnostics({ ip, facts }: { ip: IpFacts; facts: DiagnosticsFacts }) {
  const charts = await pingCharts(getDb(), ip.id, facts.now);
  const steps = sessionChecklist({ ip, irr: facts.irr, routeServerFiltered: facts.routeServerFiltered, now: facts.now });
  return (
    <article className="space-y-4 rounded border border-slate-200 bg-white p-4" data-testid="diagnostics-ip" data-address={ip.address}>
      <h3 className="text-lg font-semibold">
        <span className="font-mono">{ip.address}</span> <span className="text-sm font-normal text-slate-600">AS{ip.asn}</span> <StateBadge state={ip.state} />
      </h3>
      <p className="text-sm" data-testid="ping-now">
        Ping: <span className={ip.pingUp ? "text-green-800" : "text-red-800"}>{pingNow(ip, facts.now)}</span>
        {!ip.monitor && " · monitoring off"}
      </p>
      <Checklist steps={steps} />
      <div className="space-y-1">
        <h4 className="font-medium">Route-server sessions</h4>
        {ip.sessions.length === 0 ? (
          <p className="text-sm text-slate-600">No route server has reported a session for this address.</p>
        ) : (
          <DataTable headers={["Route server", "State", "Uptime", "Last error", "Accepted", "Filtered", "Checked"]}>
            {ip.sessions.map((s) => (
              <Row key={s.routeServer} testId="diagnostics-session">
                <Cell>{s.routeServer}</Cell>
                <Cell>{s.bgpState ?? s.state}</Cell>
                <Cell>{s.state === "up" && s.since ? describeDuration(facts.now.getTime() - s.since.getTime()) : "–"}</Cell>
                <Cell small>{s.lastError ?? "–"}</Cell>
                <Cell>{s.routesImported ?? "–"}</Cell>
                <Cell>{s.routesFiltered ?? "–"}</Cell>
                <Cell small>{utcMinute(s.checkedAt)}</Cell>
              </Row>
            ))}
          </DataTable>
        )}
      </div>
      {!charts.some((chart) => drawnPoints(chart.series.lossPercent) > 0) ? (
        <p className="text-sm text-slate-600" data-testid="no-ping-statistics">
          No ping statistics are stored for this address in the last 14 days.
        </p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {charts.map((chart) => (
            <div key={chart.window} className="space-y-2">
              <TimeSeriesChart
                title={`Latency, ${chart.label}`}
                testId={`chart-latency-${chart.window}`}
                times={chart.series.times}
                series={[
                  { label: "average", unit: "ms", color: "#1d4ed8", values: chart.series.latencyAvgMs },
                  { label: "maximum", unit: "ms", color: "#93c5fd", values: chart.series.latencyMaxMs },
                ]}
              />
              <TimeSeriesChart
                title={`Packet loss, ${chart.label}`}
                testId={`chart-loss-${chart.window}`}
                height={120}
                times={chart.series.times}
                series={[{ label: "loss", unit: "%", color: "#dc2626", values: chart.series.lossPercent }]}
              />
            </div>
          ))}
        </div>
      )}
    </article>
  );
}

/** The diagnostics of one member, shared by the portal page and the volunteers' page. */
export function DiagnosticsView({ facts }: { facts: DiagnosticsFacts }) {
  const { now } = facts;
  return (
    <div className="space-y-8">
      <p className="text-sm text-slate-600">
        As of {utcMinute(now)}. Charts show the per-minute ping statistics the IX stores; all times are UTC.
      </p>
      <Section id="addresses" title="Addresses">
        {facts.ips.length === 0 && <p className="text-sm text-slate-600">No addresses allocated yet.</p>}
        {facts.ips.map((ip) => (
          <AddressDiagnostics key={ip.id} ip={ip} facts={facts} />
        ))}
      </Section>

      <Section id="filtered-routes" title="Routes the route servers filtered">
        <MemberFilteredRoutes clientId={facts.clientId} />
      </Section>

      <Section id="irr" title="IRR prefix lists in use">
        {facts.irr.length === 0 ? (
          <p className="text-sm text-slate-600">No IRR prefix list is stored for your ASNs yet: until the IRR job has fetched one, routes that must match an IRR list are filtered.</p>
        ) : (
          <DataTable headers={["ASN", "Family", "Source (AS-SET)", "Entries", "Last refresh", "Last error"]}>
            {facts.irr.map((list) => (
              <Row key={`${list.asn}-${list.family}`} testId="diagnostics-irr">
                <Cell>AS{list.asn}</Cell>
                <Cell>IPv{list.family}</Cell>
                <Cell mono small>
                  {list.source}
                  {list.asSet && list.asSet !== list.source ? ` (${list.asSet})` : ""}
                </Cell>
                <Cell>{list.entries}</Cell>
                <Cell small>
                  {utcMinute(list.fetchedAt)} ({describeDuration(now.getTime() - list.fetchedAt.getTime())} ago)
                </Cell>
                <Cell small>{list.lastError ?? "–"}</Cell>
              </Row>
            ))}
          </DataTable>
        )}
      </Section>

      <Section id="macs" title="Registered MAC addresses">
        <DataTable headers={["Connection", "MAC addresses"]}>
          {facts.macs.map((m) => (
            <Row key={m.connectionId} testId="diagnostics-mac">
              <Cell>{m.label}</Cell>
              <Cell mono small>
                {m.macAddresses.length ? m.macAddresses.join(", ") : "none registered"}
              </Cell>
            </Row>
          ))}
        </DataTable>
      </Section>

      <Section id="peeringdb" title="PeeringDB">
        <DataTable headers={["ASN", "PeeringDB record", "Prefixes published (v4 / v6)", "Max-prefix set here (v4 / v6)"]}>
          {facts.peeringdb.map((p) => (
            <Row key={p.asn} testId="diagnostics-peeringdb">
              <Cell>AS{p.asn}</Cell>
              <Cell>
                {p.netId ? (
                  <a href={`https://www.peeringdb.com/net/${p.netId}`} className="text-brand-700 underline">
                    net {p.netId}
                  </a>
                ) : (
                  "no matching record"
                )}
              </Cell>
              <Cell>
                {p.prefixesV4 ?? "–"} / {p.prefixesV6 ?? "–"}
              </Cell>
              <Cell>
                {p.maxPrefixV4 ?? "default"} / {p.maxPrefixV6 ?? "default"}
              </Cell>
            </Row>
          ))}
        </DataTable>
      </Section>
    </div>
  );
}
