import ical, { type VEvent } from "node-ical";
import { describe, expect, it } from "vitest";
import { renderMaintenanceCalendar } from "@/server/maintenance/ical";
import type { MaintenanceRecord } from "@/server/maintenance/windows";
import { windowCoversRouteServer } from "@/server/maintenance/scope";
import { renderOptionsSchema } from "@/server/routeserver/model";
import { renderRouteServerConfig } from "@/server/routeserver/render";
import { maintenanceInputSchema } from "@/shared/validation/maintenance";

const window = { startsAt: new Date("2026-12-01T22:00:00Z"), endsAt: new Date("2026-12-01T23:00:00Z") };
const at = (iso: string) => new Date(iso);
const GSHUT_LINE = "bgp_community.add((65535, 0));";

const renderAt = (now: Date, windows = [window]) =>
  renderRouteServerConfig({
    routeServer: { name: "rs1", asn: 64500, routerId: "198.18.0.1", ipv4Address: "198.18.0.1", ipv6Address: null },
    members: [],
    options: renderOptionsSchema.parse({ gracefulShutdownLeadMinutes: 15 }),
    maintenance: { now, windows },
  }).config;

describe("route-server render around a maintenance window (pure: the time is an input)", () => {
  it("adds GRACEFUL_SHUTDOWN to everything exported from the lead time until the end, and only then", () => {
    expect(renderAt(at("2026-12-01T21:44:59Z"))).not.toContain(GSHUT_LINE);
    expect(renderAt(at("2026-12-01T21:45:00Z"))).toContain(GSHUT_LINE);
    expect(renderAt(at("2026-12-01T22:59:59Z"))).toContain(GSHUT_LINE);
    expect(renderAt(at("2026-12-01T23:00:00Z"))).not.toContain(GSHUT_LINE);
    expect(renderAt(at("2026-12-01T22:30:00Z"), [])).not.toContain(GSHUT_LINE);
    // The same input renders the same text.
    expect(renderAt(at("2026-12-01T22:30:00Z"))).toBe(renderAt(at("2026-12-01T22:30:00Z")));
  });

  it("a window concerns the route server itself, the POP it stands at, or the whole IX", () => {
    const rs = { id: 3, locationId: 7 };
    expect(windowCoversRouteServer({ scope: "route-server", locationId: null, routeServerId: 3 }, rs)).toBe(true);
    expect(windowCoversRouteServer({ scope: "route-server", locationId: null, routeServerId: 4 }, rs)).toBe(false);
    expect(windowCoversRouteServer({ scope: "pop", locationId: 7, routeServerId: null }, rs)).toBe(true);
    expect(windowCoversRouteServer({ scope: "pop", locationId: 8, routeServerId: null }, rs)).toBe(false);
    expect(windowCoversRouteServer({ scope: "ix", locationId: null, routeServerId: null }, rs)).toBe(true);
  });
});

describe("maintenance input", () => {
  const base = { scope: "ix", startsAt: "2026-12-01 22:00", endsAt: "2026-12-01T23:30", reason: "Core switch upgrade", impact: "Short outage" };

  it("reads UTC times as people and datetime fields write them", () => {
    const parsed = maintenanceInputSchema.parse({ ...base, target: "" });
    expect(parsed.startsAt.toISOString()).toBe("2026-12-01T22:00:00.000Z");
    expect(parsed.endsAt.toISOString()).toBe("2026-12-01T23:30:00.000Z");
    expect(parsed.target).toBeNull();
  });

  it("says what is wrong, next to the field", () => {
    const errors = (input: object) => maintenanceInputSchema.safeParse({ ...base, ...input }).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(errors({ startsAt: "2026-12-01 22:00+02:00" })).toEqual(["startsAt: must be a UTC time such as 2026-12-01 22:00"]);
    expect(errors({ startsAt: "2026-02-30 22:00" })).toEqual(["startsAt: is not a real date and time"]);
    expect(errors({ endsAt: "2026-12-01 21:00" })).toEqual(["endsAt: must be after the start"]);
    expect(errors({ endsAt: "2026-12-20 21:00" })).toEqual(["endsAt: a window may last at most 14 days"]);
    expect(errors({ scope: "route-server" })).toEqual(["target: choose the route server"]);
    expect(errors({ scope: "rack" })).toEqual(["scope: must be pop, route-server or ix"]);
    expect(errors({ reason: "  " })).toEqual(["reason: is required"]);
  });
});

describe("the iCalendar feed", () => {
  const record = (overrides: Partial<MaintenanceRecord>): MaintenanceRecord => ({
    id: 1,
    scope: "pop",
    locationId: 1,
    routeServerId: null,
    ...window,
    reason: "Power work; new UPS, rack 3",
    impact: "Tunnels to AMS drop\nfor about 5 minutes",
    createdBy: "test",
    cancelledAt: null,
    shutdownSignalledAt: null,
    remindedAt: null,
    endedAt: null,
    locationCode: "AMS",
    locationName: "Amsterdam",
    routeServerName: null,
    ...overrides,
  });

  it("parses back with an independent iCalendar parser: UTC times, text with commas and line breaks, cancelled events", () => {
    const text = renderMaintenanceCalendar(
      [record({}), record({ id: 2, scope: "route-server", locationId: null, routeServerId: 1, locationCode: null, locationName: null, routeServerName: "rs1", cancelledAt: at("2026-11-30T10:00:00Z") })],
      { ixName: "Demo IX", appUrl: "https://portal.example.net", domain: "portal.example.net" },
    );
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text.split("\r\n").every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const events = Object.values(ical.sync.parseICS(text)).filter((item): item is VEvent => item?.type === "VEVENT");
    expect(events).toHaveLength(2);
    const pop = events.find((e) => e.uid === "maintenance-1@portal.example.net")!;
    expect(pop.summary).toBe("Maintenance of POP AMS (Amsterdam)");
    expect(pop.start.toISOString()).toBe("2026-12-01T22:00:00.000Z");
    expect(pop.end?.toISOString()).toBe("2026-12-01T23:00:00.000Z");
    expect(pop.description).toBe("Power work; new UPS, rack 3\n\nImpact: Tunnels to AMS drop\nfor about 5 minutes");
    expect(pop.status).toBe("CONFIRMED");
    const rs = events.find((e) => e.uid === "maintenance-2@portal.example.net")!;
    expect(rs.status).toBe("CANCELLED");
    expect(rs.summary).toBe("Cancelled: Maintenance of route server rs1");
  });
});
