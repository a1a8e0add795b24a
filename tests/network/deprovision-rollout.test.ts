import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeServers } from "@/server/db/schema";
import { markRouteServerConfigChanged } from "@/server/jobs/context";
import { runJob } from "@/server/jobs/runner";
import { createMailTransport } from "@/server/mail/transport";
import { DAY_MS } from "@/server/monitoring/rules";
import { listActiveRouteServers } from "@/server/routeserver/queries";
import { readRouteServerSessions } from "@/server/routeserver/sessions";
import { findJob } from "@/worker/jobs";
import { startBird, type BirdInstance } from "../helpers/bird";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createMember, ensureNetwork } from "../helpers/members";
import { createNamespace, type Namespace } from "../helpers/netns";

/**
 * Deprovisioning end to end against a real BIRD: the deprovision job marks the route servers changed,
 * the config-rollout job renders, checks and reloads them, and the session is gone from the route server
 * and the address from the IX-F export. BIRD runs in a namespace of its own, so its BGP connection
 * attempts to the (test) member addresses never leave this machine.
 */

const workDir = mkdtempSync(join(tmpdir(), "ixpt-rollout-"));
process.env.RS_CONFIG_DIR = workDir;
process.env.IXF_EXPORT_PATH = join(workDir, "ixf.json");

let test: TestDatabase;
let namespace: Namespace;
let bird: BirdInstance;
const downSince = new Date("2026-05-01T06:00:00Z");
const day = (days: number) => new Date(downSince.getTime() + days * DAY_MS);

async function run(name: string, now: Date) {
  const context = {
    now,
    dryRun: false,
    actor: "worker:test",
    mail: createMailTransport(undefined),
    onRouteServerConfigChanged: markRouteServerConfigChanged(test.db, now),
  };
  const result = await runJob(findJob(name)!, { db: test.db, runBy: "test", context, asOf: now });
  if (result.outcome !== "ok") throw new Error(`${name}: ${JSON.stringify(result)}`);
  return result.counts;
}

async function sessionAddresses() {
  const [routeServer] = await listActiveRouteServers(test.db);
  return (await readRouteServerSessions(test.db, routeServer!)).map((s) => s.protocol.neighborAddress).sort();
}

beforeAll(async () => {
  test = await createTestDatabase();
  namespace = createNamespace("rollout");
  bird = await startBird(namespace, "rs", "router id 198.18.0.1;\nprotocol device {}\n");
  await ensureNetwork(test.db);
  await test.db.update(routeServers).set({ controlSocket: bird.socket, configChangedAt: day(0) });
  const down = { provisioned: true, monitor: true, rsSession: "down" as const, rsSessionDownSince: downSince, pingable: false };
  await createMember(test.db, "Gone Networks", [{ address: "198.18.0.50", ...down }]);
  await createMember(test.db, "Present Networks", [{ address: "198.18.0.51", provisioned: true, monitor: true, rsSession: "up" as const }]);
});

afterAll(async () => {
  bird?.stop();
  namespace?.remove();
  await test?.drop();
  rmSync(workDir, { recursive: true, force: true });
});

describe("deprovisioning reaches the route server", () => {
  it("rolls out the first config with both members' sessions", async () => {
    expect(await run("config-rollout", day(1))).toMatchObject({ due: 1, deployed: 1 });
    expect(await sessionAddresses()).toEqual(["198.18.0.50", "198.18.0.51"]);
    expect(await run("config-rollout", day(1.1))).toEqual({ due: 0 });
  });

  it("after 14 days down the session is gone from BIRD and the address from the IX-F export", async () => {
    expect(await run("deprovision", day(14))).toMatchObject({ ips: 1 });
    expect(await run("config-rollout", day(14.01))).toMatchObject({ due: 1, deployed: 1 });
    expect(await sessionAddresses()).toEqual(["198.18.0.51"]);
    expect(readFileSync(join(workDir, "rs-test.conf"), "utf8")).not.toContain("198.18.0.50");
    const exported = readFileSync(join(workDir, "ixf.json"), "utf8");
    expect(exported).toContain("198.18.0.51");
    expect(exported).not.toContain("198.18.0.50");
  });
});
