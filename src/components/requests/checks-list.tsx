import type { CheckResult } from "@/server/requests/checks";
import type { Match } from "@/server/requests/matches";

const OUTCOME_STYLE: Record<CheckResult["outcome"], string> = {
  pass: "bg-green-100 text-green-900",
  warn: "bg-amber-100 text-amber-900",
  fail: "bg-red-100 text-red-900",
  info: "bg-slate-100 text-slate-700",
  not_run: "border border-dashed border-slate-300 text-slate-500",
};

const OUTCOME_TEXT: Record<CheckResult["outcome"], string> = { pass: "pass", warn: "warn", fail: "fail", info: "info", not_run: "not run" };

export function ChecksList({ results }: { results: CheckResult[] }) {
  if (results.length === 0) return <p className="text-sm text-slate-500">No checks recorded.</p>;
  return (
    <ul className="space-y-1 text-sm">
      {results.map((check) => (
        <li key={check.check} className="flex gap-2">
          <span className={`rounded px-1.5 text-xs font-semibold uppercase ${OUTCOME_STYLE[check.outcome]}`}>{OUTCOME_TEXT[check.outcome]}</span>
          <span>
            <span className="font-medium">{check.label}:</span> {check.detail}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function MatchesList({ matches }: { matches: Match[] }) {
  if (matches.length === 0) return <p className="text-sm text-slate-500">No existing member or other request matches.</p>;
  return (
    <ul className="space-y-1 text-sm">
      {matches.map((match) => (
        <li key={`${match.kind}-${match.id}`}>
          {match.kind === "request" ? (
            <a className="text-brand-700 underline" href={`/admin/requests/${match.id}`}>
              request #{match.id}
            </a>
          ) : (
            <a className="text-brand-700 underline" href={`/admin/members/${match.id}`}>
              member #{match.id}
            </a>
          )}{" "}
          {match.label} ({match.state}) — same {match.by.join(", ")}
        </li>
      ))}
    </ul>
  );
}
