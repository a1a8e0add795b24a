import type { Metadata } from "next";
import { RunJobButton } from "@/components/run-job-button";
import { ServiceReport } from "@/components/service-report";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { jobsOverview } from "@/server/jobs/overview";
import { describeRun } from "@/server/jobs/queries";
import { utcSecond } from "@/shared/utc";

export const metadata: Metadata = { title: "Jobs" };
export const dynamic = "force-dynamic";

const utc = (date: Date | null) => (date ? utcSecond(date) : "-");

export default async function JobsPage() {
  await requireRole("volunteer", "/admin/jobs");
  const { jobs, services, workers } = await jobsOverview(getDb());
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-900">Jobs</h1>
      <p className="text-sm text-slate-600">
        {workers.length === 0
          ? "No worker has reported in the last minute: start it with `npm run worker`."
          : `Workers: ${workers.map((w) => `${w.workerId} (up since ${utc(w.startedAt)})`).join(", ")}`}
      </p>

      <div className="space-y-3">
        <h2 className="text-lg font-semibold">Continuous</h2>
        {services.map((service) => (
          <div key={service.name} className="space-y-2">
            <h3 className="font-medium">{service.name}</h3>
            <p className="text-sm text-slate-600">{service.description}</p>
            {service.reports.length === 0 && <p className="text-sm text-slate-500">No worker reports this service.</p>}
            {service.reports.map((report) => (
              <ServiceReport key={report.workerId} {...report} />
            ))}
          </div>
        ))}
      </div>

      <div className="space-y-3">
        <h2 className="text-lg font-semibold">Scheduled</h2>
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-slate-500">
              <th className="py-2 pr-4">Job</th>
              <th className="pr-4">Schedule (UTC)</th>
              <th className="pr-4">Next run</th>
              <th className="pr-4">Last runs</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.name} className="border-b border-slate-100 align-top">
                <td className="py-2 pr-4">
                  <span className="font-medium">{job.name}</span>
                  <p className="text-xs text-slate-500">{job.description}</p>
                </td>
                <td className="pr-4 font-mono text-xs">{job.schedule}</td>
                <td className="pr-4">{utc(job.nextRun)}</td>
                <td className="pr-4">
                  {job.runs.length === 0 ? (
                    <span className="text-slate-500">never run</span>
                  ) : (
                    <ul className="space-y-1">
                      {job.runs.map((run) => (
                        <li key={run.id} className={run.outcome === "error" ? "text-red-700" : undefined}>
                          {describeRun(run)} <span className="text-xs text-slate-500">by {run.workerId}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <RunJobButton name={job.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
