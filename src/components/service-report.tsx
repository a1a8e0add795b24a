import type { ServiceStatus } from "@/server/jobs/types";

interface ProcessStatus {
  pid: number | null;
  targets: number;
  restarts: number;
  startedAt: string | null;
  lastError: string | null;
}

/** One worker's report on a continuous service; the ping monitor's details when present. */
export function ServiceReport({ workerId, heartbeatAt, status }: { workerId: string; heartbeatAt: Date; status: ServiceStatus }) {
  const processes = (status.processes as ProcessStatus[] | undefined) ?? [];
  const number = (key: string) => (typeof status[key] === "number" ? (status[key] as number) : null);
  return (
    <div className="rounded border border-slate-200 bg-white p-3 text-sm">
      <p>
        <span className="font-medium">{status.state}</span> on {workerId} <span className="text-slate-500">(heartbeat {heartbeatAt.toISOString().slice(11, 19)} UTC)</span>
      </p>
      <p className="text-slate-600">{status.reason}</p>
      {number("targets") !== null && (
        <p>
          {number("targets")} targets: {number("up")} up, {number("down")} down, {number("unknown")} not yet known · {number("eventsWritten")} state changes written
          {status.lastError ? <span className="text-red-700"> · last error: {String(status.lastError)}</span> : null}
        </p>
      )}
      {processes.length > 0 && (
        <table className="mt-2 text-left text-xs">
          <thead>
            <tr className="text-slate-500">
              <th className="pr-4">fping pid</th>
              <th className="pr-4">targets</th>
              <th className="pr-4">restarts</th>
              <th className="pr-4">started</th>
              <th>last message</th>
            </tr>
          </thead>
          <tbody>
            {processes.map((process, index) => (
              <tr key={index}>
                <td className="pr-4">{process.pid ?? "restarting"}</td>
                <td className="pr-4">{process.targets}</td>
                <td className="pr-4">{process.restarts}</td>
                <td className="pr-4">{process.startedAt?.slice(0, 19).replace("T", " ") ?? "-"}</td>
                <td>{process.lastError ?? "-"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
