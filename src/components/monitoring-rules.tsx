import { describeMonitoringRules, monitoringRules } from "@/server/monitoring/rules";

/** The monitoring, warning and deprovisioning rules in plain words (admin member page, member portal). Server component. */
export function MonitoringRules() {
  return (
    <div className="rounded border border-slate-200 bg-white p-4 text-sm">
      <h2 className="mb-2 font-semibold">How monitoring works</h2>
      <ul className="list-disc space-y-1 pl-5 text-slate-700">
        {describeMonitoringRules(monitoringRules()).map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
    </div>
  );
}
