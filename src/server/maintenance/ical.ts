import ical, { ICalEventStatus } from "ical-generator";
import { describeTarget, type MaintenanceRecord } from "./windows";

export interface CalendarSite {
  ixName: string;
  appUrl: string;
  /** The host part of stable event UIDs. */
  domain: string;
}

/**
 * The public maintenance calendar (RFC 5545), pure: windows in, text out. Times are UTC; a cancelled window
 * stays in the feed as CANCELLED so subscribed calendars remove it, and SEQUENCE grows with each change.
 */
export function renderMaintenanceCalendar(windows: MaintenanceRecord[], site: CalendarSite): string {
  const calendar = ical({
    name: `${site.ixName} maintenance`,
    prodId: { company: "IXP Portal", product: "maintenance", language: "EN" },
    url: `${site.appUrl}/maintenance.ics`,
    ttl: 3600,
  });
  for (const window of windows) {
    const target = describeTarget(window);
    calendar.createEvent({
      id: `maintenance-${window.id}@${site.domain}`,
      start: window.startsAt,
      end: window.endsAt,
      stamp: window.cancelledAt ?? window.startsAt,
      sequence: window.cancelledAt ? 1 : 0,
      summary: `${window.cancelledAt ? "Cancelled: " : ""}Maintenance of ${target}`,
      description: `${window.reason}\n\nImpact: ${window.impact}`,
      status: window.cancelledAt ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      url: `${site.appUrl}/`,
    });
  }
  return calendar.toString();
}
