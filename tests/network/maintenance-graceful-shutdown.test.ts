import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BirdClient } from "@/server/routeserver/bird-client";
import { scheduleMaintenance } from "@/server/maintenance/service";
import { maintenanceInputSchema } from "@/shared/validation/maintenance";
import { showRoutes, type ShownRoute } from "../helpers/bird";
import { runJobAt } from "../helpers/jobs";
import { startRouteServerLab, until, type RouteServerLab } from "../helpers/routeserver-lab";

/**
 * A maintenance window of the route server, end to end with real BIRDs: the maintenance job marks it
 * changed at the lead time before the window, the normal config-rollout job re-renders it with
 * GRACEFUL_SHUTDOWN (65535:0) on everything it exports, a member that honours RFC 8326 drops the routes'
 * preference to 0, and after the window the next rollout takes the community away again.
 */

const A = 30101;
const B = 30102;
const PREFIX = "23.5.0.0/24";
const LEAD_MINUTES = 20;
// The worker reads its configuration once per process: where the rollout writes, and the lead time.
const rolloutDir = mkdtempSync(join(tmpdir(), "ixp-gshut-"));
const saved = { RS_CONFIG_DIR: process.env.RS_CONFIG_DIR, IXF_EXPORT_PATH: process.env.IXF_EXPORT_PATH, MAINTENANCE_GSHUT_LEAD_MINUTES: process.env.MAINTENANCE_GSHUT_LEAD_MINUTES };
Object.assign(process.env, { RS_CONFIG_DIR: rolloutDir, IXF_EXPORT_PATH: join(rolloutDir, "ixf.json"), MAINTENANCE_GSHUT_LEAD_MINUTES: String(LEAD_MINUTES) });

/** RFC 8326's advice for members: routes tagged 65535:0 get local preference 0. */
const HONOUR_GSHUT = "filter { if (65535, 0) ~ bgp_community then bgp_local_pref = 0; accept; }";

let lab: RouteServerLab;
let memberB: BirdClient;
const start = new Date(Math.ceil((Date.now() + 2 * 3_600_000) / 60_000) * 60_000);
const end = new Date(start.getTime() + 3_600_000);
const minutes = (date: Date, delta: number) => new Date(date.getTime() + delta * 60_000);

beforeAll(async () => {
  lab = await startRouteServerLab([
    { asn: A, name: "Alpha", irr4: [{ prefix: "23.5.0.0/16", le: 24 }] },
    { asn: B, name: "Bravo" },
  ]);
  await lab.startMember(1, `route ${PREFIX} blackhole;`);
  memberB = await (await lab.startMember(2, "", HONOUR_GSHUT)).client();
  await scheduleMaintenance(
    lab.test.db,
    "test",
    maintenanceInputSchema.parse({ scope: "route-server", target: "rs1", startsAt: start.toISOString(), endsAt: end.toISOString(), reason: "BIRD upgrade", impact: "rs1 restarts" }),
  );
}, 120_000);

afterAll(async () => {
  memberB?.close();
  await lab?.stop();
  rmSync(rolloutDir, { recursive: true, force: true });
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

/** B's route for the prefix once it matches what the test waits for. */
const routeAtB = (what: string, matches: (route: ShownRoute) => boolean) =>
  until(what, async () => {
    const [route] = await showRoutes(memberB, `show route ${PREFIX} protocol to_rs4 all`);
    return route && matches(route) ? route : undefined;
  }, 30_000);

/** The worker's two jobs as of `now`: the maintenance job marks, the config rollout deploys. */
async function workerMinute(now: Date) {
  const maintenance = await runJobAt(lab.test.db, "maintenance", now);
  const rollout = await runJobAt(lab.test.db, "config-rollout", minutes(now, 0.5));
  return { maintenance, rollout };
}

describe("graceful shutdown around a route-server maintenance window", () => {
  it("before the lead time, B gets A's route with normal preference and no 65535:0", async () => {
    const { rollout } = await workerMinute(minutes(start, -LEAD_MINUTES - 1));
    expect(rollout).toEqual({ due: 0 });
    const route = await routeAtB("A's route at B", () => true);
    expect(route.communities).not.toContain("(65535,0)");
    expect(route.localPref).toBe(100);
  });

  it("from the lead time, the rollout re-renders rs1 and B sees 65535:0 and lowers the route to local pref 0", async () => {
    const { maintenance, rollout } = await workerMinute(minutes(start, -LEAD_MINUTES));
    expect(maintenance).toMatchObject({ routeServersMarked: 1 });
    expect(rollout).toMatchObject({ due: 1, deployed: 1 });
    const route = await routeAtB("65535:0 at B", (r) => r.communities.includes("(65535,0)"));
    expect(route.localPref).toBe(0);
    expect(route.path).toEqual([A]);
  });

  it("during the window nothing is re-rendered again", async () => {
    const { rollout } = await workerMinute(minutes(start, 10));
    expect(rollout).toEqual({ due: 0 });
  });

  it("after the window, the routes return to normal", async () => {
    const { maintenance, rollout } = await workerMinute(end);
    expect(maintenance).toMatchObject({ routeServersMarked: 1 });
    expect(rollout).toMatchObject({ due: 1, deployed: 1 });
    const route = await routeAtB("65535:0 gone at B", (r) => !r.communities.includes("(65535,0)"));
    expect(route.localPref).toBe(100);
  });
});
