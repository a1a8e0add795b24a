import { describeTarget, type MaintenanceRecord } from "@/server/maintenance/windows";
import { utcMinute } from "@/shared/utc";

/** Upcoming and ongoing maintenance, above a page's content; nothing when there is none. */
export function MaintenanceBanner({ windows, now }: { windows: MaintenanceRecord[]; now: Date }) {
  if (windows.length === 0) return null;
  return (
    <aside aria-label="Planned maintenance" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <h2 className="font-semibold">Planned maintenance</h2>
      <ul className="space-y-2">
        {windows.map((window) => (
          <li key={window.id}>
            <strong>{window.startsAt <= now ? "Now: " : ""}Maintenance of {describeTarget(window)}</strong>, {utcMinute(window.startsAt)} to {utcMinute(window.endsAt)}: {window.reason}
            <div className="whitespace-pre-line">Impact: {window.impact}</div>
          </li>
        ))}
      </ul>
      <p>
        <a href="/maintenance.ics" className="underline">
          Add all maintenance to your calendar
        </a>
      </p>
    </aside>
  );
}
