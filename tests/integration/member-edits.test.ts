import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { asns, auditLog, clients, connections, ips, locations, routeServers } from "@/server/db/schema";
import { NotFoundError } from "@/server/errors";
import { updateClientProfile } from "@/server/members/admin-service";
import { updateConnection } from "@/server/members/connection-service";
import { setIpFlags } from "@/server/members/ip-flags";
import { listMembers } from "@/server/members/list";
import { reenableIp } from "@/server/monitoring/reenable";
import { getMember } from "@/server/members/queries";
import { updateAsnSettings, updateClientContacts, type MemberActor } from "@/server/members/service";
import { seedDemo } from "@/server/seed/demo";
import { loadIxfRows } from "@/server/ixf/queries";
import { asnMemberSettingsSchema, clientContactsSchema, clientProfileSchema, connectionAdminSchema } from "@/shared/validation/member";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let test: TestDatabase;
let mine: { clientId: number; asnId: number; asn: number; name: string };
let theirs: { clientId: number; asnId: number; asn: number; name: string };
let member: MemberActor;
const volunteer: MemberActor = { id: "volunteer-1", role: "volunteer", clientId: null };

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 4, seed: 5 });
  const rows = await test.db.select({ clientId: asns.clientId, asnId: asns.id, asn: asns.asn, name: clients.name }).from(asns).innerJoin(clients, eq(clients.id, asns.clientId)).orderBy(asc(asns.clientId));
  mine = rows[0]!;
  theirs = rows.find((r) => r.clientId !== mine.clientId)!;
  member = { id: "member-1", role: "member", clientId: mine.clientId };
});
afterAll(async () => {
  await test.drop();
});

const auditsFor = (entityType: string, entityId: string | number) =>
  test.db.select().from(auditLog).where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, String(entityId)))).orderBy(asc(auditLog.id));

describe("member edits", () => {
  it("a member edits their own contacts; the change is audited before/after", async () => {
    const [before] = await test.db.select({ contactEmail: clients.contactEmail }).from(clients).where(eq(clients.id, mine.clientId));
    const input = clientContactsSchema.parse({ clientId: String(mine.clientId), contactName: "Ada", contactEmail: " NOC@Example.org ", contactPhone: "+1 510 555 0100", nocEmail: "", website: "https://example.org", contactPrivate: "on" });
    const saved = await updateClientContacts(test.db, member, input);
    expect(saved).toMatchObject({ contactName: "Ada", contactEmail: "noc@example.org", nocEmail: null, contactPrivate: true });
    const [entry] = await auditsFor("client", mine.clientId);
    expect(entry).toMatchObject({ actor: "member-1", action: "client.contacts" });
    expect(entry!.before).toMatchObject({ contactEmail: before!.contactEmail, contactName: expect.any(String) });
    expect(entry!.after).toMatchObject({ contactEmail: "noc@example.org", contactName: "Ada", contactPrivate: true });
  });

  it("a member cannot touch another member's client or ASN, and nothing changes", async () => {
    const [before] = await test.db.select().from(clients).where(eq(clients.id, theirs.clientId));
    await expect(updateClientContacts(test.db, member, { ...clientContactsSchema.parse({ clientId: theirs.clientId, contactEmail: "evil@example.org" }) })).rejects.toThrow(NotFoundError);
    await expect(updateAsnSettings(test.db, member, { asnId: theirs.asnId, asSet: "AS-EVIL", maxPrefixV4: 1, maxPrefixV6: 1 })).rejects.toThrow(NotFoundError);
    const [after] = await test.db.select().from(clients).where(eq(clients.id, theirs.clientId));
    expect(after).toEqual(before);
    expect(await auditsFor("client", theirs.clientId)).toEqual([]);
  });

  it("a member sets AS-SET and max-prefix but never route-server participation", async () => {
    const saved = await updateAsnSettings(test.db, member, { ...asnMemberSettingsSchema.parse({ asnId: mine.asnId, asSet: "ripe::as-example", maxPrefixV4: "200", maxPrefixV6: "" }), rsClient: false } as never);
    expect(saved).toMatchObject({ asSet: "RIPE::AS-EXAMPLE", maxPrefixV4: 200, maxPrefixV6: null });
    const [row] = await test.db.select({ rsClient: asns.rsClient }).from(asns).where(eq(asns.id, mine.asnId));
    expect(row!.rsClient).toBe(true);
    const [entry] = await auditsFor("asn", mine.asn);
    expect(entry!.after).toMatchObject({ asSet: "RIPE::AS-EXAMPLE", maxPrefixV4: 200 });
    // The route servers must pick the new policy up.
    const servers = await test.db.select({ configChangedAt: routeServers.configChangedAt }).from(routeServers);
    expect(servers.every((s) => s.configChangedAt !== null)).toBe(true);
  });

  it.each([
    [{ asSet: "AS-FOO; rm -rf /" }, "asSet"],
    [{ asSet: "FOO" }, "asSet"],
    [{ maxPrefixV4: "-1" }, "maxPrefixV4"],
    [{ maxPrefixV6: "1.5" }, "maxPrefixV6"],
  ])("refuses %j", (bad, field) => {
    const result = asnMemberSettingsSchema.safeParse({ asnId: 1, ...bad });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual([field]);
  });

  it("a volunteer changes route-server participation and blackholing", async () => {
    const saved = await updateAsnSettings(test.db, volunteer, { asnId: theirs.asnId, asSet: null, maxPrefixV4: 10, maxPrefixV6: 10, rsClient: false, blackholeOptIn: true });
    expect(saved).toMatchObject({ rsClient: false, blackholeOptIn: true });
  });
});

describe("IP flags", () => {
  it("turning provisioned off records the time, is audited, and flags the route servers", async () => {
    const [ip] = await test.db.select().from(ips).where(eq(ips.provisioned, true)).limit(1);
    await test.db.update(routeServers).set({ configChangedAt: null });
    const saved = await setIpFlags(test.db, "volunteer-1", { ipId: ip!.id, provisioned: false, monitor: true });
    expect(saved).toMatchObject({ provisioned: false, monitor: true, deprovisionedAt: expect.any(Date) });
    const [entry] = await auditsFor("ip", ip!.address);
    expect(entry!.before).toMatchObject({ provisioned: true });
    expect(entry!.after).toMatchObject({ provisioned: false });
    const servers = await test.db.select({ configChangedAt: routeServers.configChangedAt }).from(routeServers);
    expect(servers.some((s) => s.configChangedAt !== null)).toBe(true);
  });

  it("re-enables with one action, optionally with monitoring off until seen again", async () => {
    const [ip] = await test.db.select().from(ips).where(eq(ips.provisioned, false)).limit(1);
    const saved = await reenableIp(test.db, "volunteer-1", { ipId: ip!.id, monitorOff: true, onlyThisAddress: true });
    expect(saved).toEqual({ addresses: [ip!.address], monitor: false });
    const [row] = await test.db.select().from(ips).where(eq(ips.id, ip!.id));
    expect(row).toMatchObject({ provisioned: true, monitor: false, deprovisionedAt: null, state: "production" });
    const entries = await auditsFor("ip", ip!.address);
    expect(entries.at(-1)).toMatchObject({ action: "ip.reenable" });
    await expect(reenableIp(test.db, "volunteer-1", { ipId: 999_999, monitorOff: false, onlyThisAddress: false })).rejects.toThrow("no such IP address");
  });
});

describe("volunteer member management", () => {
  it("edits the member's profile, audited, with notes kept out of the member view", async () => {
    const saved = await updateClientProfile(test.db, "volunteer-1", clientProfileSchema.parse({ clientId: mine.clientId, name: "Renamed Net", peeringPolicy: "selective", memberType: "peering", state: "production", notes: "called them" }));
    expect(saved).toMatchObject({ name: "Renamed Net", peeringPolicy: "selective", notes: "called them" });
    const [entry] = (await auditsFor("client", mine.clientId)).filter((e) => e.action === "client.profile");
    expect(entry!.before).toMatchObject({ name: mine.name });
    expect(entry!.after).toMatchObject({ name: "Renamed Net" });
    expect(JSON.stringify(await getMember(test.db, mine.clientId))).not.toContain("called them");
  });

  it("sets a connection's state and MACs and marks its POP for rollout; bad MACs are refused", async () => {
    const [connection] = await test.db.select({ id: connections.id, locationId: connections.locationId }).from(connections).where(eq(connections.clientId, mine.clientId));
    await test.db.update(locations).set({ configChangedAt: null });
    const input = connectionAdminSchema.parse({ connectionId: String(connection!.id), state: "testing", macAddresses: "02:00:5E:10:00:01, 02-00-5e-10-00-02\n02:00:5e:10:00:01" });
    expect(input.macAddresses).toEqual(["02:00:5e:10:00:01", "02:00:5e:10:00:02"]);
    const saved = await updateConnection(test.db, volunteer, input);
    expect(saved).toMatchObject({ state: "testing", macAddresses: ["02:00:5e:10:00:01", "02:00:5e:10:00:02"] });
    const [pop] = await test.db.select({ configChangedAt: locations.configChangedAt }).from(locations).where(eq(locations.id, connection!.locationId));
    expect(pop!.configChangedAt).toBeInstanceOf(Date);
    expect((await auditsFor("connection", connection!.id))[0]!.after).toMatchObject({ state: "testing" });

    const multicast = connectionAdminSchema.safeParse({ connectionId: 1, state: "testing", macAddresses: "01:00:5e:00:00:01" });
    expect(multicast.error?.issues[0]?.message).toMatch(/unicast MAC/);
    const garbage = connectionAdminSchema.safeParse({ connectionId: 1, state: "testing", macAddresses: "nope" });
    expect(garbage.error?.issues[0]?.message).toMatch(/must be a MAC address/);
  });

  it("sets a connection's own IX-F interface speed, and blank returns it to the tunnel type's default", async () => {
    const [connection] = await test.db.select({ id: connections.id }).from(connections).where(eq(connections.clientId, mine.clientId));
    const form = { connectionId: String(connection!.id), state: "production", macAddresses: "" };
    expect(await updateConnection(test.db, volunteer, connectionAdminSchema.parse({ ...form, ifSpeedMbps: "2500" }))).toMatchObject({ ifSpeedMbps: 2500 });
    const [row] = await loadIxfRows(test.db).then((rows) => rows.addresses.filter((a) => a.connectionId === connection!.id));
    expect(row!.ifSpeedMbps).toBe(2500);
    expect(connectionAdminSchema.safeParse({ ...form, ifSpeedMbps: "0" }).error?.issues[0]).toMatchObject({ path: ["ifSpeedMbps"], message: "must be at least 1" });
    expect(await updateConnection(test.db, volunteer, connectionAdminSchema.parse({ ...form, ifSpeedMbps: "" }))).toMatchObject({ ifSpeedMbps: null });
  });
});

describe("member MAC addresses", () => {
  it("a member sets the MACs of their own connection but not its state, nor another member's", async () => {
    const [own] = await test.db.select({ id: connections.id, state: connections.state }).from(connections).where(eq(connections.clientId, mine.clientId));
    const saved = await updateConnection(test.db, member, { connectionId: own!.id, macAddresses: ["02:00:00:00:00:0a"], state: "decommissioned" } as never);
    expect(saved).toMatchObject({ macAddresses: ["02:00:00:00:00:0a"], state: own!.state });
    const [theirConnection] = await test.db.select({ id: connections.id, macAddresses: connections.macAddresses }).from(connections).where(eq(connections.clientId, theirs.clientId));
    await expect(updateConnection(test.db, member, { connectionId: theirConnection!.id, macAddresses: ["02:00:00:00:00:0b"] })).rejects.toThrow("no such connection");
    const [unchanged] = await test.db.select({ macAddresses: connections.macAddresses }).from(connections).where(eq(connections.id, theirConnection!.id));
    expect(unchanged!.macAddresses).toEqual(theirConnection!.macAddresses);
  });
});

describe("member search", () => {
  it("finds members by name, ASN and address, one page at a time", async () => {
    const all = await listMembers(test.db, {});
    expect(all.total).toBe(4);
    const byAsn = await listMembers(test.db, { q: `AS${theirs.asn}` });
    expect(byAsn.members.map((m) => m.id)).toEqual([theirs.clientId]);
    const byName = await listMembers(test.db, { q: theirs.name.split(" ")[0]! });
    expect(byName.members.map((m) => m.id)).toContain(theirs.clientId);
    const [ip] = await test.db.select({ address: ips.address, asnId: ips.asnId }).from(ips).where(eq(ips.family, 4)).limit(1);
    const byIp = await listMembers(test.db, { q: ip!.address });
    expect(byIp.total).toBe(1);
    const paged = await listMembers(test.db, { pageSize: 3, page: 2 });
    expect(paged.members).toHaveLength(1);
  });
});
