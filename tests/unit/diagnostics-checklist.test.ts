import { describe, expect, it } from "vitest";
import { checklistVerdict, describeDuration, sessionChecklist } from "@/server/diagnostics/checklist";
import { bgpBlocksFor } from "@/server/diagnostics/facts";
import type { IpFacts, IrrFacts, SessionFacts } from "@/server/diagnostics/model";
import { REJECT_REASONS } from "@/server/routeserver/policy";

const now = new Date("2026-03-10T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

const session = (overrides: Partial<SessionFacts> = {}): SessionFacts => ({
  routeServer: "rs1",
  state: "up",
  bgpState: "Established",
  since: hoursAgo(5),
  lastError: null,
  routesImported: 3,
  routesFiltered: 0,
  checkedAt: now,
  ...overrides,
});

const ip = (overrides: Partial<IpFacts> = {}): IpFacts => ({
  id: 1,
  address: "198.18.0.10",
  family: 4,
  asn: 64501,
  state: "production",
  provisioned: true,
  monitor: true,
  deprovisionedAt: null,
  pingUp: true,
  pingSince: hoursAgo(26),
  sessions: [session(), session({ routeServer: "rs2" })],
  expectedBgpConfig: "protocol bgp ix_rs1_as64501_v4 {\n  local 198.18.0.10 as 64501;\n  neighbor 198.18.0.1 as 64500;\n}\n",
  ...overrides,
});

const irr = (overrides: Partial<IrrFacts> = {}): IrrFacts => ({ asn: 64501, asSet: "AS-EXAMPLE", family: 4, source: "AS-EXAMPLE", entries: 2, fetchedAt: hoursAgo(2), lastError: null, ...overrides });

const statuses = (steps: ReturnType<typeof sessionChecklist>) => Object.fromEntries(steps.map((s) => [s.id, s.status]));

describe("why is my session not up?", () => {
  it("all ok: provisioned, pinging, sessions established, routes accepted", () => {
    const steps = sessionChecklist({ ip: ip(), irr: [irr()], routeServerFiltered: [], now });
    expect(statuses(steps)).toEqual({ provisioned: "ok", tunnel: "ok", bgp: "ok", routes: "ok" });
    expect(steps.find((s) => s.id === "tunnel")!.details[0]).toBe("Answering pings since 2026-03-09 10:00 UTC (1 day 2 hours).");
    expect(steps.find((s) => s.id === "routes")!.details).toEqual(["6 routes accepted, none filtered."]);
    expect(checklistVerdict(steps).status).toBe("ok");
  });

  it("no ping points at the tunnel and skips BGP and routes", () => {
    const steps = sessionChecklist({ ip: ip({ pingUp: false, pingSince: hoursAgo(3), sessions: [session({ state: "down", bgpState: "Active" })] }), irr: [irr()], routeServerFiltered: [], now });
    expect(statuses(steps)).toEqual({ provisioned: "ok", tunnel: "fail", bgp: "skipped", routes: "skipped" });
    expect(steps[1]!.details.join(" ")).toMatch(/No answer to pings since 2026-03-10 09:00 UTC \(3 hours\)\. Check the tunnel first/);
    expect(checklistVerdict(steps).text).toBe("Look here first: the IX can ping your address over the tunnel.");
  });

  it("ping but no session points at the BGP configuration and shows the expected neighbor lines and BIRD's error", () => {
    const steps = sessionChecklist({
      ip: ip({ sessions: [session({ state: "down", bgpState: "Active", since: null, lastError: "Received: Bad peer AS" }), session({ routeServer: "rs2", state: "down", bgpState: "Connect" })] }),
      irr: [irr()],
      routeServerFiltered: [],
      now,
    });
    expect(statuses(steps)).toEqual({ provisioned: "ok", tunnel: "ok", bgp: "fail", routes: "skipped" });
    const bgp = steps.find((s) => s.id === "bgp")!;
    expect(bgp.details[0]).toBe("rs1: Active, last error: Received: Bad peer AS.");
    expect(bgp.details[1]).toBe("rs2: Connect.");
    expect(bgp.config).toContain("neighbor 198.18.0.1 as 64500;");
  });

  it("one session of two up is a warning, and routes are still judged", () => {
    const steps = sessionChecklist({ ip: ip({ sessions: [session(), session({ routeServer: "rs2", state: "down", bgpState: "Active" })] }), irr: [irr()], routeServerFiltered: [], now });
    expect(statuses(steps)).toEqual({ provisioned: "ok", tunnel: "ok", bgp: "warn", routes: "ok" });
  });

  it("session up with filtered routes gives the reasons in words, the IRR list's problems and the route server's counts", () => {
    const steps = sessionChecklist({
      ip: ip({ sessions: [session({ routesImported: 1, routesFiltered: 2 })] }),
      irr: [irr({ entries: 0, fetchedAt: hoursAgo(24 * 5), lastError: "bgpq4 timed out" })],
      routeServerFiltered: [{ routeServer: "rs1", reasons: [{ reason: "IRR_PREFIX", text: REJECT_REASONS.IRR_PREFIX.text, routes: 7 }], checkedAt: now }],
      now,
    });
    const routes = steps.find((s) => s.id === "routes")!;
    expect(routes.status).toBe("warn");
    expect(routes.details).toEqual([
      "rs1: 2 routes filtered, 1 accepted.",
      "Your IRR list for IPv4 (AS-EXAMPLE) is empty: every route is outside it.",
      "The last IRR refresh of AS-EXAMPLE failed: bgpq4 timed out.",
      "The IRR list from AS-EXAMPLE was last refreshed 5 days ago; recent IRR changes are not in it yet.",
      "Reasons rs1 filters routes for (all members): prefix not in the member's IRR prefix list (7).",
    ]);
  });

  it("without an IRR list for the family, says to register route objects", () => {
    const steps = sessionChecklist({ ip: ip({ family: 6, address: "2001:db8::10", sessions: [session({ routesFiltered: 1 })] }), irr: [irr()], routeServerFiltered: [], now });
    expect(steps.find((s) => s.id === "routes")!.details[1]).toBe("There is no IRR prefix list for AS64501 over IPv6: routes outside your IRR data are filtered. Register route6 objects and your AS-SET.");
  });

  it("a deprovisioned address fails the first step with the date", () => {
    const steps = sessionChecklist({ ip: ip({ provisioned: false, deprovisionedAt: new Date("2026-03-01T00:00:00Z"), pingUp: false }), irr: [], routeServerFiltered: [], now });
    expect(steps[0]!.status).toBe("fail");
    expect(steps[0]!.details[0]).toMatch(/^This address was deprovisioned on 2026-03-01 00:00 UTC after a long outage/);
  });

  it("describes durations with their two largest units", () => {
    expect(describeDuration(30_000)).toBe("less than a minute");
    expect(describeDuration(61 * 60_000)).toBe("1 hour 1 minute");
    expect(describeDuration(3 * 86_400_000 + 5 * 3_600_000 + 7 * 60_000)).toBe("3 days 5 hours");
  });

  it("picks the protocol blocks of one address out of the generated BIRD snippet", () => {
    const text = ["protocol bgp a {", "  local 198.18.0.10 as 64501;", "}", "", "protocol bgp b {", "  local 198.18.0.100 as 64501;", "}", ""].join("\n");
    expect(bgpBlocksFor(text, "198.18.0.10")).toBe("protocol bgp a {\n  local 198.18.0.10 as 64501;\n}\n");
    expect(bgpBlocksFor(text, "198.18.0.1")).toBeNull();
  });
});
