import type { RouteServerSession } from "@/server/members/sessions";
import type { BgpSessionState } from "@/shared/enums";
import { utcMinute } from "@/shared/utc";

/** The flag meanings, in plain words, shown wherever IPs are listed (EVIX's semantics). */
export const IP_FLAG_HELP = {
  provisioned: { term: "Provisioned", text: "the route servers have BGP sessions configured for this address and it is listed publicly (peers page, IX-F export)." },
  monitor: { term: "Monitored", text: "this address is eligible for warning emails when its session is down and for automatic deprovisioning after 14 days down." },
  pingable: { term: "Pingable", text: "whether the address answered our pings at the last check." },
  rsSession: { term: "Route-server session", text: "up when at least one route server has an established BGP session with this address." },
} as const;

export function IpFlagLegend() {
  return (
    <dl className="grid gap-1 rounded border border-slate-200 bg-white p-3 text-sm text-slate-700">
      {Object.entries(IP_FLAG_HELP).map(([key, { term, text }]) => (
        <div key={key}>
          <dt className="inline font-medium">{term}: </dt>
          <dd className="inline">{text}</dd>
        </div>
      ))}
    </dl>
  );
}

const when = (date: Date | null) => (date ? utcMinute(date) : null);

export interface IpStatusFields {
  provisioned: boolean;
  monitor: boolean;
  pingable: boolean | null;
  pingDownSince?: Date | null;
  rsSession: BgpSessionState;
  rsSessionDownSince: Date | null;
}

/** One line per flag, in words a member understands. */
export function describeIp(ip: IpStatusFields): string[] {
  const lines = [
    ip.provisioned ? "Provisioned: BGP sessions configured, shown publicly" : "Not provisioned: no BGP sessions, not shown publicly",
    ip.monitor ? "Monitored: warnings and automatic deprovisioning apply" : "Not monitored: no warnings, never deprovisioned automatically",
    ip.pingable === null
      ? "Not probed yet"
      : ip.pingable
        ? "Answers pings"
        : `Does not answer pings${ip.pingDownSince ? ` since ${when(ip.pingDownSince)}` : ""}`,
  ];
  if (ip.rsSession === "up") lines.push("Route-server session up");
  else if (ip.rsSession === "down") lines.push(`Route-server session down${ip.rsSessionDownSince ? ` since ${when(ip.rsSessionDownSince)}` : ""}`);
  else lines.push("Route-server session state unknown");
  return lines;
}

/** One route server's session in words, e.g. "rs1: Established since … (120 routes accepted, 3 filtered)". */
export function describeSession(session: RouteServerSession): string {
  const counts =
    session.routesImported === null ? "" : ` (${session.routesImported} routes accepted${session.routesFiltered ? `, ${session.routesFiltered} filtered` : ""})`;
  return `${session.routeServer}: ${session.bgpState ?? session.state}${session.since ? ` since ${when(session.since)}` : ""}${counts}`;
}

export function IpStatus({ ip, sessions = [] }: { ip: IpStatusFields; sessions?: readonly RouteServerSession[] }) {
  return (
    <ul className="space-y-0.5 text-xs text-slate-700">
      {describeIp(ip).map((line) => (
        <li key={line}>{line}</li>
      ))}
      {sessions.map((session) => (
        <li key={session.routeServer} className="pl-3">
          {describeSession(session)}
        </li>
      ))}
    </ul>
  );
}

export function StateBadge({ state }: { state: string }) {
  const tone = state === "production" ? "bg-green-100 text-green-900" : state === "error" || state.startsWith("decommission") ? "bg-red-100 text-red-900" : "bg-slate-100 text-slate-800";
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${tone}`}>{state.replaceAll("_", " ")}</span>;
}
