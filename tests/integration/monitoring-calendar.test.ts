import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, like } from "drizzle-orm";
import { auditLog, emailOutbox, ips, jobRuns, lanSightings, locations, pingEvents, pingRollups, rateLimitBuckets, routeServers } from "@/server/db/schema";
import { storeStateChanges } from "@/server/monitoring/ping/store";
import { reenableIp } from "@/server/monitoring/reenable";
import { DAY_MS } from "@/server/monitoring/rules";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { runJobAt } from "../helpers/jobs";
import { createMember } from "../helpers/members";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtp";

let test: TestDatabase;
let smtp: TestSmtpServer;
const downSince = new Date("2026-03-01T08:00:00Z");
const day = (days: number) => new Date(downSince.getTime() + days * DAY_MS);
let member: Awaited<ReturnType<typeof createMember>>;
let unmonitored: Awaited<ReturnType<typeof createMember>>;

beforeAll(async () => {
  test = await createTestDatabase();
  smtp = await startSmtpServer();
  const down = { provisioned: true, monitor: true, rsSession: "down" as const, rsSessionDownSince: downSince, pingable: false, pingDownSince: downSince };
  member = await createMember(test.db, "Quiet Networks", [
    { address: "198.18.0.40", ...down },
    { address: "2001:2:0:1::40", ...down },
  ]);
  // Up, or down but not monitored: never warned, never deprovisioned.
  await createMember(test.db, "Healthy Networks", [{ address: "198.18.0.41", provisioned: true, monitor: true, rsSession: "up", pingable: true }]);
  unmonitored = await createMember(test.db, "Lab Networks", [{ address: "198.18.0.42", ...down, monitor: false }]);
});

afterAll(async () => {
  await smtp?.stop();
  await test?.drop();
});

const run = (name: string, now: Date, mailUrl = smtp.url) => runJobAt(test.db, name, now, mailUrl);

const warnings = () => test.db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, "monitoring-warning:%"));

describe("warnings, deprovisioning and re-enabling, day by day", () => {
  it("sends nothing after 2 days down", async () => {
    expect(await run("warnings", day(2))).toMatchObject({ members: 0, queued: 0 });
    expect(await warnings()).toHaveLength(0);
  });

  it("prints what it would do on a dry run from the CLI (--now, --dry-run) and changes nothing", () => {
    const result = runCli(["job", "run", "warnings", "--now", day(3).toISOString(), "--dry-run"], { DATABASE_URL: test.url });
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/would queue warning 1 to Quiet Networks <noc@quiet-networks\.example> about .*198\.18\.0\.40/);
    expect(result.stdout).toMatch(/warnings: dry run, nothing changed \(members 1, queued 1, alreadySent 0\)/);
  });

  it("queues one warning after 3 days, and still one when the job runs twice", async () => {
    expect(await warnings()).toHaveLength(0);
    expect(await run("warnings", day(3))).toMatchObject({ members: 1, queued: 1 });
    expect(await run("warnings", day(3.2))).toMatchObject({ members: 1, queued: 0, alreadySent: 1 });
    const queued = await warnings();
    expect(queued).toHaveLength(1);
    expect(queued[0]!.toAddress).toBe("noc@quiet-networks.example");
    expect(queued[0]!.textBody).toContain("198.18.0.40 (AS");
    expect(queued[0]!.textBody).toContain("down since 2026-03-01 08:00 UTC; deprovisioning on 2026-03-15");
    expect(queued[0]!.textBody).toMatch(/What to check/);
  });

  it("keeps the email queued while SMTP is down and delivers it once when it is back", async () => {
    const port = smtp.port;
    await smtp.stop();
    expect(await run("outbox", day(3.2), `smtp://127.0.0.1:${port}`)).toMatchObject({ sent: 0, retry: 1 });
    const [pending] = await warnings();
    expect(pending).toMatchObject({ status: "pending", attempts: 1 });
    expect(pending!.lastError).toMatch(/ECONNREFUSED|connect/i);

    smtp = await startSmtpServer({ port });
    // Not due yet: the retry waits for its back-off.
    expect(await run("outbox", day(3.2))).toMatchObject({ sent: 0 });
    expect(await run("outbox", new Date(day(3.2).getTime() + 60_000))).toMatchObject({ sent: 1 });
    expect(await run("outbox", new Date(day(3.2).getTime() + 120_000))).toMatchObject({ sent: 0 });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.to).toEqual(["noc@quiet-networks.example"]);
    expect(smtp.messages[0]!.subject).toMatch(/Your BGP sessions are down/);
  });

  it("repeats the warning every 3 days, one per step", async () => {
    expect(await run("warnings", day(5))).toMatchObject({ queued: 0, alreadySent: 1 });
    expect(await run("warnings", day(6))).toMatchObject({ queued: 1 });
    expect(await run("warnings", day(6.5))).toMatchObject({ queued: 0 });
    expect(await warnings()).toHaveLength(2);
  });

  it("deprovisions after 14 days: provisioned cleared, final email, audit entry, route servers marked changed", async () => {
    expect(await run("deprovision", day(13.9))).toMatchObject({ ips: 0 });
    const [before] = await test.db.select({ configChangedAt: routeServers.configChangedAt }).from(routeServers);
    expect(before!.configChangedAt).toBeNull();

    expect(await run("deprovision", day(14))).toMatchObject({ members: 1, ips: 2 });
    const rows = await test.db.select().from(ips).where(eq(ips.asnId, (await ipAsnId(member.ipIds[0]!))));
    expect(rows.map((row) => [row.provisioned, row.deprovisionedAt?.toISOString(), row.state])).toEqual([
      [false, day(14).toISOString(), "decommissioned"],
      [false, day(14).toISOString(), "decommissioned"],
    ]);
    // Still allocated to the member: same rows, same addresses.
    expect(rows.map((row) => row.address).sort()).toEqual(["198.18.0.40", "2001:2:0:1::40"]);
    const final = await test.db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, "monitoring-deprovisioned:%"));
    expect(final).toHaveLength(1);
    expect(final[0]!.textBody).toMatch(/have been deprovisioned/);
    const audit = await test.db.select().from(auditLog).where(eq(auditLog.action, "ip.deprovision"));
    expect(audit.map((entry) => Number(entry.entityId)).sort()).toEqual([...member.ipIds].sort());
    const [after] = await test.db.select({ configChangedAt: routeServers.configChangedAt }).from(routeServers);
    expect(after!.configChangedAt?.toISOString()).toBe(day(14).toISOString());

    // Twice: nothing more. And no further warnings for a deprovisioned member.
    expect(await run("deprovision", day(14.1))).toMatchObject({ ips: 0 });
    expect(await run("warnings", day(15))).toMatchObject({ members: 0 });
    expect(await test.db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, "monitoring-deprovisioned:%"))).toHaveLength(1);
    // The unmonitored IP was left alone all along.
    const [lab] = await test.db.select({ provisioned: ips.provisioned }).from(ips).where(eq(ips.id, unmonitored.ipIds[0]!));
    expect(lab!.provisioned).toBe(true);
  });

  it("switches monitor back on when an unmonitored IP is seen up again", async () => {
    const ipId = unmonitored.ipIds[0]!;
    const seen = day(16);
    const switched = await storeStateChanges(test.db, [{ ipId, state: "up", at: seen, lastSeenUpAt: seen, downSince: null }], "worker:ping-monitor");
    expect(switched).toBe(1);
    const [row] = await test.db.select({ monitor: ips.monitor, pingable: ips.pingable, lastSeenUpAt: ips.lastSeenUpAt, pingDownSince: ips.pingDownSince }).from(ips).where(eq(ips.id, ipId));
    expect(row).toEqual({ monitor: true, pingable: true, lastSeenUpAt: seen, pingDownSince: null });
    expect(await test.db.select({ state: pingEvents.state }).from(pingEvents).where(eq(pingEvents.ipId, ipId))).toEqual([{ state: "up" }]);
    const [entry] = await test.db.select().from(auditLog).where(and(eq(auditLog.action, "ip.monitor_on"), eq(auditLog.entityId, String(ipId))));
    expect(entry?.after).toMatchObject({ monitor: true, reason: "answered pings again" });
  });

  it("lets a volunteer re-enable a deprovisioned IP in one action, optionally with monitoring off", async () => {
    const ipId = member.ipIds[0]!;
    const [{ address }] = (await test.db.select({ address: ips.address }).from(ips).where(eq(ips.id, ipId))) as [{ address: string }];
    await reenableIp(test.db, "user:volunteer", { ipId, monitorOff: true, onlyThisAddress: false }, day(17));
    const [row] = await test.db.select({ provisioned: ips.provisioned, monitor: ips.monitor, state: ips.state, deprovisionedAt: ips.deprovisionedAt }).from(ips).where(eq(ips.id, ipId));
    expect(row).toEqual({ provisioned: true, monitor: false, state: "production", deprovisionedAt: null });
    const [entry] = await test.db.select().from(auditLog).where(and(eq(auditLog.action, "ip.reenable"), eq(auditLog.entityId, address)));
    expect(entry).toMatchObject({ actor: "user:volunteer", after: { provisioned: true, monitor: false } });
    const [rs] = await test.db.select({ configChangedAt: routeServers.configChangedAt }).from(routeServers);
    expect(rs!.configChangedAt?.toISOString()).toBe(day(17).toISOString());
    await expect(reenableIp(test.db, "user:volunteer", { ipId, monitorOff: true, onlyThisAddress: false })).rejects.toThrow(/already provisioned/);
    await expect(reenableIp(test.db, "user:volunteer", { ipId: 999_999, monitorOff: false, onlyThisAddress: false })).rejects.toThrow("no such IP address");
    // Seen up again later: monitoring comes back on.
    expect(await storeStateChanges(test.db, [{ ipId, state: "up", at: day(18), lastSeenUpAt: day(18), downSince: null }], "worker:ping-monitor")).toBe(1);
  });

  it("prunes old per-minute rollups, yesterday's request rate-limit counters and LAN watcher sightings", async () => {
    const ipId = member.ipIds[1]!;
    await test.db.insert(pingRollups).values([
      { ipId, minute: day(0), sent: 60, received: 60 },
      { ipId, minute: day(19), sent: 60, received: 59 },
    ]);
    const lastHour = new Date(day(20).getTime() - 3_600_000);
    await test.db.insert(rateLimitBuckets).values([
      { kind: "ip", bucketKey: "198.51.100.1", windowStart: day(18), hits: 5 },
      { kind: "ip", bucketKey: "198.51.100.1", windowStart: lastHour, hits: 1 },
    ]);
    const [{ id: locationId }] = (await test.db.select({ id: locations.id }).from(locations).limit(1)) as [{ id: number }];
    await test.db.insert(lanSightings).values([
      { locationId, mac: "02:00:00:00:00:01", ip: "198.18.0.200", port: "vx-old", lastSeenAt: day(18) },
      { locationId, mac: "02:00:00:00:00:02", ip: "198.18.0.201", port: "vx-new", lastSeenAt: lastHour },
    ]);
    expect(await run("prune", day(20))).toEqual({ pingRollups: 1, jobRuns: 0, rateLimitBuckets: 1, lanSightings: 1 });
    expect((await test.db.select().from(pingRollups)).map((r) => r.minute)).toEqual([day(19)]);
    expect((await test.db.select().from(rateLimitBuckets)).map((r) => r.windowStart)).toEqual([lastHour]);
    expect((await test.db.select().from(lanSightings)).map((r) => r.port)).toEqual(["vx-new"]);
  });

  it("records every run in job_runs with its evaluation time and counts, and closes runs abandoned by a dead worker", async () => {
    const [{ id: stale }] = (await test.db.insert(jobRuns).values({ jobName: "outbox", workerId: "gone:1", startedAt: day(1) }).$returningId()) as [{ id: number }];
    await run("outbox", day(21));
    const [abandoned] = await test.db.select().from(jobRuns).where(eq(jobRuns.id, stale));
    expect(abandoned).toMatchObject({ outcome: "error", error: expect.stringMatching(/^abandoned/) });
    const runs = await test.db.select().from(jobRuns).where(eq(jobRuns.jobName, "deprovision"));
    expect(runs.length).toBe(3);
    expect(runs.every((r) => r.outcome === "ok" && r.finishedAt !== null && r.asOf !== null)).toBe(true);
    expect(runs.find((r) => r.asOf?.getTime() === day(14).getTime())?.counts).toEqual({ members: 1, ips: 2 });
  });
});

async function ipAsnId(ipId: number): Promise<number> {
  const [row] = await test.db.select({ asnId: ips.asnId }).from(ips).where(eq(ips.id, ipId));
  return row!.asnId;
}
