import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { renderMaintenanceCalendar } from "@/server/maintenance/ical";
import { calendarWindows } from "@/server/maintenance/windows";

export const dynamic = "force-dynamic";

/** The public maintenance calendar members subscribe to. */
export async function GET() {
  const { IX_NAME, APP_URL } = env();
  const text = renderMaintenanceCalendar(await calendarWindows(getDb()), { ixName: IX_NAME, appUrl: APP_URL, domain: new URL(APP_URL).hostname });
  return new Response(text, {
    headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": 'inline; filename="maintenance.ics"', "Cache-Control": "public, max-age=300" },
  });
}
