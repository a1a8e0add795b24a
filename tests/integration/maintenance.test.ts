import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, like } from "drizzle-orm";
import { emailOutbox, maintenanceWindows, routeServers } from "@/server/db/schema";
import { affectedMembers, maintenanceNotices } from "@/server/maintenance/queries";
import { findMaintenance } from "@/server/maintenance/windows";
import { cancelMaintenance, scheduleMaintenance } from "@/server/maintenance/service";
import { maintenanceInputSchema } from "@/shared/validation/maintenance";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { addLan, addPop, addRouteServer } from "../helpers/ix-fixture";
import { addMaintenanceMember } from "../helpers/maintenance";
import { runJobAt } from "../helpers/jobs";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtp";

let test: TestDatabase;
let smtp: TestSmtpServer;
const ids = { ams: 0, fra: 0, lan: 0, rs1: 0, rs2: 0 };
let ams: { clientId: number; email: string };
let fra: { clientId: number; email: string };
let fraNoRs: { clientId: number; email: string };
let gone: { clientId: number; email: string };
const HOUR = 3_600_000;
const cli = (...args: string[]) => runCli(["maintenance", ...args], { DATABASE_URL: test.url });
const stamp = (date: Date) => date.toISOString().slice(0, 16).replace("T", " ");

beforeAll(async () => {
  test = await createTestDatabase();
  smtp = await startSmtpServer();
  ids.ams = await addPop(test.db, { code: "AMS", tunnelTypes: ["vxlan"] });
  ids.fra = await addPop(test.db, { code: "FRA", tunnelTypes: ["vxlan"] });
  ids.lan = await addLan(test.db, { ipv4Prefix: "198.18.0.0/24", ipv6Prefix: "2001:2:0:1::/64" });
  await addRouteServer(test.db, "rs1", ids.ams, ids.lan, "198.18.0.1", null);
  await addRouteServer(test.db, "rs2", ids.fra, ids.lan, "198.18.0.2", null);
  const rs = await test.db.select({ id: routeServers.id, name: routeServers.name }).from(routeServers);
  ids.rs1 = rs.find((r) => r.name === "rs1")!.id;
  ids.rs2 = rs.find((r) => r.name === "rs2")!.id;
  // At AMS with a route-server session; at FRA with one (NOC address given); at FRA, not a route-server client; left the IX.
  ams = await addMaintenanceMember(test.db, { name: "Amsterdam Net", locationId: ids.ams, lanId: ids.lan, address: "198.18.0.10" });
  fra = await addMaintenanceMember(test.db, { name: "Frankfurt Net", locationId: ids.fra, lanId: ids.lan, address: "198.18.0.11", nocEmail: "noc@frankfurt.example" });
  fraNoRs = await addMaintenanceMember(test.db, { name: "Bilateral Only", locationId: ids.fra, lanId: ids.lan, address: "198.18.0.12", rsClient: false });
  gone = await addMaintenanceMember(test.db, { name: "Gone Net", locationId: ids.ams, lanId: ids.lan, address: "198.18.0.13", decommissioned: true });
});

afterAll(async () => {
  await smtp?.stop();
  await test?.drop();
});

const clientIdsOf = async (window: Parameters<typeof affectedMembers>[1]) => (await affectedMembers(test.db, window)).map((m) => m.clientId).sort((a, b) => a - b);

describe("affected members", () => {
  it("a POP concerns the members with a connection there", async () => {
    expect(await clientIdsOf({ scope: "pop", locationId: ids.ams, routeServerId: null })).toEqual([ams.clientId]);
    expect(await clientIdsOf({ scope: "pop", locationId: ids.fra, routeServerId: null })).toEqual([fra.clientId, fraNoRs.clientId]);
  });

  it("a route server concerns the members with a session on it, wherever they connect", async () => {
    expect(await clientIdsOf({ scope: "route-server", locationId: null, routeServerId: ids.rs2 })).toEqual([ams.clientId, fra.clientId]);
  });

  it("the whole IX concerns every member still at the IX, at their NOC address when given", async () => {
    const members = await affectedMembers(test.db, { scope: "ix", locationId: null, routeServerId: null });
    expect(members.map((m) => m.clientId).sort((a, b) => a - b)).toEqual([ams.clientId, fra.clientId, fraNoRs.clientId]);
    expect(members.find((m) => m.clientId === fra.clientId)!.email).toBe("noc@frankfurt.example");
    expect(members.some((m) => m.clientId === gone.clientId)).toBe(false);
  });
});

describe("a route-server window from the CLI: announcement, 24-hour reminder, end, each once", () => {
  const now = new Date();
  const start = new Date(Math.ceil((now.getTime() + 72 * HOUR) / 60_000) * 60_000);
  const end = new Date(start.getTime() + 2 * HOUR);
  let windowId = 0;
  const mails = () => test.db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `maintenance:${windowId}:%`));

  it("`ixp maintenance add` schedules it and queues the announcement to the members on rs1", async () => {
    const result = cli("add", "--scope", "route-server", "--target", "rs1", "--start", stamp(start), "--end", stamp(end), "--reason", "BIRD upgrade", "--impact", "Sessions with rs1 drop for up to 10 minutes.");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/scheduled #(\d+) +upcoming .*route server rs1: BIRD upgrade/);
    expect(result.stdout).toContain("2 member(s) emailed");
    windowId = Number(/#(\d+)/.exec(result.stdout)![1]);
    expect((await mails()).map((m) => m.toAddress).sort()).toEqual([ams.email, fra.email].sort());
    expect(cli("list").stdout).toContain(`#${windowId}`);
    const shown = cli("show", String(windowId)).stdout;
    expect(shown).toContain("2 member(s) concerned:");
    expect(shown).toContain(`Amsterdam Net <${ams.email}>`);
    expect(shown).toContain(`Frankfurt Net <${fra.email}>`);
  });

  it("the banner query shows the window to the members it concerns and to the public, not to the others", async () => {
    const noticeIds = async (clientId?: number) => (await maintenanceNotices(test.db, now, clientId)).map((w) => w.id);
    expect(await noticeIds(ams.clientId)).toEqual([windowId]);
    expect(await noticeIds(fraNoRs.clientId)).toEqual([]);
    expect(await noticeIds()).toEqual([windowId]);
    expect(await maintenanceNotices(test.db, end, ams.clientId)).toEqual([]);
  });

  it("the reminder goes out once, 24 hours before", async () => {
    expect(await runJobAt(test.db, "maintenance", new Date(start.getTime() - 25 * HOUR))).toMatchObject({ reminders: 0 });
    expect(await runJobAt(test.db, "maintenance", new Date(start.getTime() - 24 * HOUR))).toMatchObject({ reminders: 2 });
    expect(await runJobAt(test.db, "maintenance", new Date(start.getTime() - 23 * HOUR))).toMatchObject({ reminders: 0 });
    expect((await mails()).filter((m) => m.dedupeKey.includes(":reminder:"))).toHaveLength(2);
  });

  it("graceful shutdown starts the lead time before the window: only rs1 is marked for the rollout", async () => {
    const signalAt = new Date(start.getTime() - 30 * 60_000); // MAINTENANCE_GSHUT_LEAD_MINUTES default
    await runJobAt(test.db, "maintenance", new Date(signalAt.getTime() - 60_000));
    const before = await test.db.select({ id: routeServers.id, changed: routeServers.configChangedAt }).from(routeServers);
    expect(before.every((rs) => rs.changed === null)).toBe(true);
    expect(await runJobAt(test.db, "maintenance", signalAt)).toMatchObject({ routeServersMarked: 1 });
    const after = await test.db.select({ id: routeServers.id, changed: routeServers.configChangedAt }).from(routeServers);
    expect(after.find((rs) => rs.id === ids.rs1)!.changed).toEqual(signalAt);
    expect(after.find((rs) => rs.id === ids.rs2)!.changed).toBeNull();
    expect(await runJobAt(test.db, "maintenance", new Date(signalAt.getTime() + 60_000))).toMatchObject({ routeServersMarked: 0 });
  });

  it("when it ends, rs1 is marked again and the members get the 'finished' email once", async () => {
    expect(await runJobAt(test.db, "maintenance", end)).toMatchObject({ routeServersMarked: 1, endedEmails: 2 });
    expect(await runJobAt(test.db, "maintenance", new Date(end.getTime() + 60_000))).toMatchObject({ routeServersMarked: 0, endedEmails: 0 });
    const [rs1] = await test.db.select({ changed: routeServers.configChangedAt }).from(routeServers).where(eq(routeServers.id, ids.rs1));
    expect(rs1!.changed).toEqual(end);
  });

  it("the outbox delivers exactly three emails to each member, over real SMTP", async () => {
    await runJobAt(test.db, "outbox", new Date(end.getTime() + 2 * 60_000), smtp.url);
    await runJobAt(test.db, "outbox", new Date(end.getTime() + 3 * 60_000), smtp.url);
    for (const member of [ams, fra]) {
      const received = smtp.messages.filter((m) => m.to.includes(member.email) && m.subject.includes("route server rs1"));
      expect(received.map((m) => m.subject.replace(/:.*/, "")).sort()).toEqual(
        ["[Demo Internet Exchange] Maintenance finished", "[Demo Internet Exchange] Planned maintenance", "[Demo Internet Exchange] Reminder"].sort(),
      );
      const announcement = received.find((m) => m.subject.includes("Planned maintenance"))!;
      expect(announcement.text).toContain(`${stamp(start)} UTC to ${stamp(end)} UTC`);
      expect(announcement.text).toContain("Sessions with rs1 drop for up to 10 minutes.");
      expect(announcement.text).toContain("65535:0");
    }
    expect(smtp.messages.some((m) => m.to.includes(fraNoRs.email) || m.to.includes(gone.email))).toBe(false);
  });
});

describe("bad input and cancelling", () => {
  const start = new Date(Date.now() + 48 * HOUR);
  const end = new Date(start.getTime() + HOUR);

  it("refuses an end before the start, an unknown POP and a missing target, and stores nothing", async () => {
    const count = async () => (await test.db.select({ id: maintenanceWindows.id }).from(maintenanceWindows)).length;
    const before = await count();
    const backwards = cli("add", "--scope", "ix", "--start", stamp(end), "--end", stamp(start), "--reason", "x", "--impact", "y");
    expect(backwards.status).toBe(1);
    expect(backwards.stderr).toContain("--end: must be after the start");
    const unknown = cli("add", "--scope", "pop", "--target", "XXX", "--start", stamp(start), "--end", stamp(end), "--reason", "x", "--impact", "y");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('--target: there is no POP with the code "XXX"');
    const badTime = cli("add", "--scope", "pop", "--start", "tomorrow", "--end", stamp(end), "--reason", "x", "--impact", "y");
    expect(badTime.stderr).toContain("--target: choose the POP");
    expect(badTime.stderr).toContain("--start: must be a UTC time such as 2026-12-01 22:00");
    expect(await count()).toBe(before);
    await expect(
      scheduleMaintenance(test.db, "test", maintenanceInputSchema.parse({ scope: "ix", startsAt: "2020-01-01 10:00", endsAt: "2020-01-01 11:00", reason: "r", impact: "i" })),
    ).rejects.toThrow("must end in the future");
  });

  it("cancelling tells the members, lifts graceful shutdown that had started, and cannot happen twice", async () => {
    const { window } = await scheduleMaintenance(test.db, "test", maintenanceInputSchema.parse({ scope: "pop", target: "FRA", startsAt: stamp(start), endsAt: stamp(end), reason: "Switch swap", impact: "Short outage" }));
    // rs2 stands at FRA: the POP's maintenance takes it down too, so it signals graceful shutdown.
    const signalAt = new Date(start.getTime() - 10 * 60_000);
    expect(await runJobAt(test.db, "maintenance", signalAt)).toMatchObject({ routeServersMarked: 1 });
    const cancelAt = new Date(signalAt.getTime() + 60_000);
    const { emailsQueued } = await cancelMaintenance(test.db, "test", window.id, cancelAt);
    expect(emailsQueued).toBe(2);
    const liftAt = new Date(cancelAt.getTime() + 60_000);
    expect(await runJobAt(test.db, "maintenance", liftAt)).toMatchObject({ routeServersMarked: 1 });
    expect((await findMaintenance(test.db, window.id))!.endedAt).toEqual(liftAt);
    // Lifted once: the next run leaves the cancelled window alone.
    expect(await runJobAt(test.db, "maintenance", new Date(liftAt.getTime() + 60_000))).toMatchObject({ windows: 0, routeServersMarked: 0 });
    const again = cli("cancel", String(window.id));
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`maintenance #${window.id} was already cancelled`);
    expect(cli("cancel", "abc").stderr).toContain('"abc" is not a maintenance id');
  });
});
