import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeServerFilteredRoutes } from "@/server/db/schema";
import { createMetricsExporter } from "@/server/metrics/exporter";
import { refreshRouteServerSessions } from "@/server/routeserver/sessions";
import { showRoutes } from "../helpers/bird";
import { startRouteServerLab, until, type RouteServerLab } from "../helpers/routeserver-lab";

/**
 * Filtered routes by reason, counted in a real BIRD route server by the sessions job and served as
 * ixp_rs_routes_filtered: one member announces two accepted routes and four the policy rejects.
 */

const MEMBER = 30001;
let lab: RouteServerLab;

beforeAll(async () => {
  lab = await startRouteServerLab([{ asn: MEMBER, name: "Alpha", irr4: [{ prefix: "23.1.0.0/16", le: 24 }] }, { asn: 30002, name: "Bravo" }]);
  await lab.startMember(
    1,
    [
      "route 23.1.1.0/24 blackhole;", // accepted
      "route 23.1.2.0/24 blackhole;", // accepted
      "route 10.1.0.0/16 blackhole;", // BOGON_PREFIX
      "route 23.1.9.0/25 blackhole;", // PREFIX_LENGTH (longer than /24)
      "route 44.1.0.0/24 blackhole;", // IRR_PREFIX
      "route 44.2.0.0/24 blackhole;", // IRR_PREFIX
    ].join("\n"),
  );
  await lab.startMember(2, "");
  await until("the four rejected routes at the route server", async () => ((await showRoutes(lab.rsClient, "show route table master4 all filtered")).length === 4 ? true : undefined));
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe("filtered routes by reason", () => {
  it("are counted by the sessions job and stored per route server, family and reason", async () => {
    const result = await refreshRouteServerSessions(lab.test.db, new Date());
    expect(result.routeServers).toEqual([{ name: "rs1", ok: true, sessions: 2 }]);
    const rows = await lab.test.db.select({ family: routeServerFilteredRoutes.family, reason: routeServerFilteredRoutes.reason, routes: routeServerFilteredRoutes.routes }).from(routeServerFilteredRoutes);
    expect(rows.sort((a, b) => a.reason.localeCompare(b.reason))).toEqual([
      { family: 4, reason: "BOGON_PREFIX", routes: 1 },
      { family: 4, reason: "IRR_PREFIX", routes: 2 },
      { family: 4, reason: "PREFIX_LENGTH", routes: 1 },
    ]);
  });

  it("are served as ixp_rs_routes_filtered, beside the accepted and filtered totals", async () => {
    const exporter = createMetricsExporter();
    await exporter.refresh(lab.test.db);
    const text = await exporter.registry.metrics();
    expect(text).toContain('ixp_rs_routes_filtered{route_server="rs1",family="4",reason="irr_prefix"} 2');
    expect(text).toContain('ixp_rs_routes_filtered{route_server="rs1",family="4",reason="bogon_prefix"} 1');
    expect(text).toContain('ixp_rs_routes_filtered{route_server="rs1",family="4",reason="prefix_length"} 1');
    expect(text).toContain('ixp_rs_routes{route_server="rs1",family="4",outcome="accepted"} 2');
    expect(text).toContain('ixp_rs_routes{route_server="rs1",family="4",outcome="filtered"} 4');
  });

  it("forget a reason once its routes are gone", async () => {
    expect(await lab.test.db.$count(routeServerFilteredRoutes)).toBeGreaterThan(0);
    await lab.rsClient.command("disable all");
    await refreshRouteServerSessions(lab.test.db, new Date());
    expect(await lab.test.db.select().from(routeServerFilteredRoutes)).toEqual([]);
  });
});
