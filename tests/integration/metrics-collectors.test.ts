import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { clients, connections, emailOutbox, ipRouteServerSessions, jobRuns, requests, routeServers } from "@/server/db/schema";
import { createMetricsExporter, metricsText } from "@/server/metrics/exporter";
import { addPendingRequest } from "../helpers/ix-fixture";
import { createMember, ensureNetwork } from "../helpers/members";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/** Each collector's values against rows written straight into a real MariaDB. */

let test: TestDatabase;
const now = new Date("2026-06-01T12:00:00.000Z");
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

async function sampleValues(name: string): Promise<Record<string, number>> {
  const exporter = createMetricsExporter();
  await exporter.refresh(test.db, now);
  const metric = (await exporter.registry.getMetricsAsJSON()).find((m) => m.name === name);
  if (!metric) throw new Error(`${name} is not registered`);
  return Object.fromEntries(
    metric.values.map((sample) => [
      Object.entries(sample.labels)
        .map(([label, value]) => `${label}=${value}`)
        .join(","),
      sample.value,
    ]),
  );
}

beforeAll(async () => {
  test = await createTestDatabase();
  const { routeServerId, lanId } = await ensureNetwork(test.db);
  const [{ id: locationId }] = (await test.db.select({ id: routeServers.locationId }).from(routeServers)) as [{ id: number }];
  const [{ id: rs2 }] = (await test.db.insert(routeServers).values({ name: "rs-two", locationId, lanId, asn: 64500, routerId: "198.18.0.2", ipv4Address: "198.18.0.2" }).$returningId()) as [{ id: number }];
  const a = await createMember(test.db, "Alpha", [
    { address: "198.18.0.10", pingable: true },
    { address: "2001:2:0:1::10", pingable: false },
  ]);
  const b = await createMember(test.db, "Beta", [{ address: "198.18.0.11", pingable: null, state: "testing" }, { address: "198.18.0.12", pingable: false, state: "decommissioned" }]);
  await test.db.update(clients).set({ state: "production" }).where(eq(clients.id, a.clientId));
  await test.db.insert(connections).values([
    { clientId: a.clientId, locationId, type: "vxlan", tunnelId: 100, params: {}, macAddresses: [], state: "production" },
    { clientId: a.clientId, locationId, type: "vxlan", tunnelId: 101, params: {}, macAddresses: [], state: "testing" },
  ]);
  await test.db.update(clients).set({ state: "decommissioned" }).where(eq(clients.id, b.clientId));
  const session = (ipId: number, routeServer: number, state: "up" | "down", imported: number | null, filtered: number | null, checkedAt: Date) => ({
    ipId,
    routeServerId: routeServer,
    state,
    routesImported: imported,
    routesFiltered: filtered,
    checkedAt,
  });
  await test.db.insert(ipRouteServerSessions).values([
    session(a.ipIds[0]!, routeServerId, "up", 120, 3, ago(30)),
    session(a.ipIds[1]!, routeServerId, "up", 40, 1, ago(20)),
    session(b.ipIds[0]!, routeServerId, "down", null, null, ago(10)),
    session(a.ipIds[0]!, rs2, "down", 0, 0, ago(50)),
  ]);
  const mail = (dedupeKey: string, status: "pending" | "sent" | "failed", attempts: number, nextAttemptAt: Date, createdAt: Date) => ({
    dedupeKey,
    toAddress: "noc@example.net",
    subject: "s",
    textBody: "b",
    status,
    attempts,
    nextAttemptAt,
    createdAt,
  });
  await test.db.insert(emailOutbox).values([
    mail("due", "pending", 0, ago(60), ago(600)),
    mail("retry-later", "pending", 2, ago(-300), ago(120)),
    mail("sent", "sent", 1, ago(900), ago(1000)),
    mail("failed", "failed", 8, ago(900), ago(5000)),
  ]);
  const run = (jobName: string, outcome: "ok" | "error" | "running", startedAt: Date, seconds: number | null) => ({
    jobName,
    workerId: "w1",
    startedAt,
    outcome,
    finishedAt: seconds === null ? null : new Date(startedAt.getTime() + seconds * 1000),
  });
  await test.db.insert(jobRuns).values([
    run("outbox", "ok", ago(600), 1.5),
    run("outbox", "ok", ago(300), 0.5),
    run("outbox", "error", ago(200), 4),
    run("rs-sessions", "running", ago(5), null),
  ]);
  await addPendingRequest(test.db, { asn: 64_496, locationId, tunnelType: "vxlan" });
  await addPendingRequest(test.db, { asn: 64_497, locationId, tunnelType: "vxlan", state: "unverified" });
  await addPendingRequest(test.db, { asn: 64_498, locationId, tunnelType: "vxlan", state: "rejected" });
  expect(await test.db.$count(requests)).toBe(3);
}, 120_000);

afterAll(async () => {
  await test?.drop();
});

describe("members collector", () => {
  it("counts members, connections and addresses by state, every lifecycle state present", async () => {
    const members = await sampleValues("ixp_members");
    expect(members["state=production"]).toBe(1);
    expect(members["state=decommissioned"]).toBe(1);
    expect(members["state=testing"]).toBe(0);
    const memberConnections = await sampleValues("ixp_connections");
    expect(memberConnections["state=production"]).toBe(1);
    expect(memberConnections["state=testing"]).toBe(1);
    expect(memberConnections["state=error"]).toBe(0);
    const addresses = await sampleValues("ixp_addresses");
    expect(addresses).toEqual({ "state=production,family=4": 1, "state=production,family=6": 1, "state=testing,family=4": 1, "state=decommissioned,family=4": 1 });
  });

  it("gives the ping monitor's verdicts, leaving decommissioned addresses out", async () => {
    expect(await sampleValues("ixp_ping_addresses")).toEqual({ "status=up": 1, "status=down": 1, "status=unknown": 1 });
  });
});

describe("route servers collector", () => {
  it("counts sessions by state per route server, with zero rows for states none is in", async () => {
    expect(await sampleValues("ixp_rs_sessions")).toEqual({
      "route_server=rs-test,state=up": 2,
      "route_server=rs-test,state=down": 1,
      "route_server=rs-test,state=unknown": 0,
      "route_server=rs-two,state=up": 0,
      "route_server=rs-two,state=down": 1,
      "route_server=rs-two,state=unknown": 0,
    });
  });

  it("sums accepted and filtered routes per route server and family", async () => {
    expect(await sampleValues("ixp_rs_routes")).toEqual({
      "route_server=rs-test,family=4,outcome=accepted": 120,
      "route_server=rs-test,family=4,outcome=filtered": 3,
      "route_server=rs-test,family=6,outcome=accepted": 40,
      "route_server=rs-test,family=6,outcome=filtered": 1,
      "route_server=rs-two,family=4,outcome=accepted": 0,
      "route_server=rs-two,family=4,outcome=filtered": 0,
    });
    const checked = await sampleValues("ixp_rs_sessions_checked_timestamp_seconds");
    expect(checked).toEqual({ "route_server=rs-test": ago(10).getTime() / 1000, "route_server=rs-two": ago(50).getTime() / 1000 });
  });
});

describe("outbox collector", () => {
  it("shows the backlog due now, the retries, the failures and the oldest waiting email", async () => {
    expect(await sampleValues("ixp_outbox_emails")).toEqual({ "status=pending": 2, "status=sent": 1, "status=failed": 1 });
    expect(await sampleValues("ixp_outbox_due_emails")).toEqual({ "": 1 });
    expect(await sampleValues("ixp_outbox_retrying_emails")).toEqual({ "": 1 });
    expect(await sampleValues("ixp_outbox_oldest_pending_age_seconds")).toEqual({ "": 600 });
  });
});

describe("jobs collector", () => {
  it("counts runs and their durations by job and outcome, and each job's last success", async () => {
    expect(await sampleValues("ixp_job_runs")).toEqual({ "job=outbox,outcome=ok": 2, "job=outbox,outcome=error": 1, "job=rs-sessions,outcome=running": 1 });
    expect(await sampleValues("ixp_job_duration_seconds_avg")).toEqual({ "job=outbox,outcome=ok": 1, "job=outbox,outcome=error": 4 });
    expect(await sampleValues("ixp_job_duration_seconds_max")).toEqual({ "job=outbox,outcome=ok": 1.5, "job=outbox,outcome=error": 4 });
    expect(await sampleValues("ixp_job_last_success_timestamp_seconds")).toEqual({ "job=outbox": ago(300).getTime() / 1000 + 0.5 });
  });
});

describe("requests collector", () => {
  it("counts the request funnel by state", async () => {
    expect(await sampleValues("ixp_requests")).toEqual({ "state=unverified": 1, "state=pending": 1, "state=approved": 0, "state=rejected": 1 });
  });
});

describe("ixp metrics show", () => {
  it("prints the same values in Prometheus text format", () => {
    const result = runCli(["metrics", "show", "--metric", "ixp_requests"], { DATABASE_URL: test.url });
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("# TYPE ixp_requests gauge");
    expect(result.stdout).toContain('ixp_requests{state="pending"} 1');
  });

  it("names the metrics when asked for one that does not exist", () => {
    const result = runCli(["metrics", "show", "--metric", "ixp_nope"], { DATABASE_URL: test.url });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("no metric named ixp_nope");
    expect(result.stderr).toContain("ixp_rs_sessions");
  });
});

describe("the scrape cache", () => {
  it("answers scrapes within the cache time from one read, and reads the database again after it", async () => {
    const pending = /^ixp_requests\{state="pending"\} (\d+)$/m;
    const first = await metricsText(test.db, 10, now);
    const [{ id: locationId }] = (await test.db.select({ id: routeServers.locationId }).from(routeServers)) as [{ id: number }];
    await addPendingRequest(test.db, { asn: 64_499, locationId, tunnelType: "vxlan" });
    const cached = await metricsText(test.db, 10, new Date(now.getTime() + 9_000));
    expect(pending.exec(cached)?.[1]).toBe(pending.exec(first)?.[1]);
    const fresh = await metricsText(test.db, 10, new Date(now.getTime() + 10_000));
    expect(Number(pending.exec(fresh)?.[1])).toBe(Number(pending.exec(first)?.[1]) + 1);
  });

  it("lets a scrape that comes during a read wait for it, even without a cache time", async () => {
    const later = new Date(now.getTime() + 60_000);
    const [reading, during] = [metricsText(test.db, 0, later), metricsText(test.db, 0, later)];
    expect(during).toBe(reading);
    await reading;
    const next = metricsText(test.db, 0, later);
    expect(next).not.toBe(reading);
    await next;
  });
});
