import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq, inArray } from "drizzle-orm";
import { createDb, createPool } from "@/server/db/client";
import { asns, auditLog, clients, connections, emailOutbox, ips, locations, locationTunnelTypes, requests, routeServers, users } from "@/server/db/schema";
import { approveRequest } from "@/server/requests/approve";
import { rejectRequest } from "@/server/requests/reject";
import { systemReviewer } from "@/server/requests/reviewer";
import { createMailTransport } from "@/server/mail/transport";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { addLan, addPendingRequest, addPop, addRouteServer, NO_PROOF } from "../helpers/ix-fixture";

let test: TestDatabase;
let fmt: number;
let lanId: number;
const reviewer = systemReviewer("cli:test");
// Mail stays in the outbox (no SMTP): the tests read what would be sent from there.
const transport = createMailTransport(undefined);

beforeAll(async () => {
  test = await createTestDatabase();
  fmt = await addPop(test.db, { code: "FMT", tunnelTypes: ["vxlan", "eoip", "local"], meshVni: 100 });
  lanId = await addLan(test.db, {
    ipv4Prefix: "198.18.0.0/24",
    ipv6Prefix: "2001:2:0:1::/64",
    scheme: "ipv4_mirror",
    reservations: [
      { family: 4, first: "198.18.0.1", last: "198.18.0.31" },
      { family: 6, first: "2001:2:0:1::1", last: "2001:2:0:1::31" },
    ],
  });
  await addRouteServer(test.db, "rs1", fmt, lanId, "198.18.0.1", "2001:2:0:1::1");
});
afterAll(async () => {
  await test?.drop();
});

describe("approving a request", () => {
  it("creates client, ASN, connection, IPs and member login in one go, audits it and emails the member", async () => {
    const id = await addPendingRequest(test.db, { asn: 1_064_600, locationId: fmt, tunnelType: "vxlan", contactEmail: "noc@first.example", asSet: "AS-FIRST" });
    const result = await approveRequest(test.db, id, reviewer, { transport, overrideReason: NO_PROOF });

    // First free after the reservation; the IPv6 mirrors the IPv4 host part (.32 -> ::32).
    expect(result.ipv4).toBe("198.18.0.32");
    expect(result.ipv6).toBe("2001:2:0:1::32");
    // 100 is the POP's mesh VNI, so the first member VNI is 101.
    expect(result.tunnelId).toBe(101);

    const [asn] = await test.db.select().from(asns).where(eq(asns.id, result.asnId));
    expect(asn).toMatchObject({ asn: 1_064_600, clientId: result.clientId, asSet: "AS-FIRST" });
    const ipRows = await test.db.select().from(ips).where(eq(ips.asnId, result.asnId));
    expect(ipRows.map((ip) => [ip.family, ip.address, ip.connectionId, ip.monitor, ip.provisioned, ip.state]).sort()).toEqual([
      [4, "198.18.0.32", result.connectionId, true, true, "allocated"],
      [6, "2001:2:0:1::32", result.connectionId, true, true, "allocated"],
    ]);
    const [connection] = await test.db.select().from(connections).where(eq(connections.id, result.connectionId));
    expect(connection).toMatchObject({ clientId: result.clientId, locationId: fmt, type: "vxlan", tunnelId: 101, state: "allocated" });
    const [member] = await test.db.select().from(users).where(eq(users.email, "noc@first.example"));
    expect(member).toMatchObject({ role: "member", clientId: result.clientId });
    const [request] = await test.db.select().from(requests).where(eq(requests.id, id));
    expect(request).toMatchObject({ state: "approved", clientId: result.clientId, connectionId: result.connectionId });
    expect(request!.reviewedAt).toBeInstanceOf(Date);

    const audit = await test.db.select({ action: auditLog.action, actor: auditLog.actor }).from(auditLog);
    expect(audit.map((a) => a.action).sort()).toEqual(["asn.create", "client.create", "connection.create", "ip.create", "ip.create", "request.approve", "request.proof_override", "user.create"]);
    expect(new Set(audit.map((a) => a.actor))).toEqual(new Set(["cli:test"]));

    const [mail] = await test.db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, `request:${id}:approved`));
    expect(mail!.toAddress).toBe("noc@first.example");
    expect(mail!.textBody).toContain("198.18.0.32");
    expect(mail!.textBody).toContain("2001:2:0:1::32");
    expect(mail!.textBody).toContain("tunnel id 101");
    expect(mail!.textBody).toMatch(/\/portal/);

    const [pop] = await test.db.select({ changed: locations.configChangedAt }).from(locations).where(eq(locations.id, fmt));
    const [rs] = await test.db.select({ changed: routeServers.configChangedAt }).from(routeServers);
    expect(pop!.changed).toBeInstanceOf(Date);
    expect(rs!.changed).toBeInstanceOf(Date);
  });

  it("reuses the client and ASN of a known network, keeps its IPs, and gives no tunnel id to a local port", async () => {
    const first = await addPendingRequest(test.db, { asn: 1_064_700, locationId: fmt, tunnelType: "eoip", contactEmail: "noc@second.example" });
    const a = await approveRequest(test.db, first, reviewer, { transport, overrideReason: NO_PROOF });
    const again = await addPendingRequest(test.db, { asn: 1_064_700, locationId: fmt, tunnelType: "local", contactEmail: "noc@second.example" });
    const b = await approveRequest(test.db, again, reviewer, { transport, overrideReason: NO_PROOF });
    expect(b.clientId).toBe(a.clientId);
    expect(b.asnId).toBe(a.asnId);
    expect([b.ipv4, b.ipv6]).toEqual([a.ipv4, a.ipv6]);
    expect(b.tunnelId).toBeNull();
    expect(a.tunnelId).toBe(100);
    expect(await test.db.select().from(ips).where(eq(ips.asnId, a.asnId))).toHaveLength(2);
  });

  it("refuses to approve twice, or to approve an unconfirmed request", async () => {
    const id = await addPendingRequest(test.db, { asn: 1_064_800, locationId: fmt, tunnelType: "vxlan" });
    await approveRequest(test.db, id, reviewer, { transport, overrideReason: NO_PROOF });
    await expect(approveRequest(test.db, id, reviewer, { transport, overrideReason: NO_PROOF })).rejects.toThrow(/cannot be approved: it is already approved/);
    const unverified = await addPendingRequest(test.db, { asn: 1_064_801, locationId: fmt, tunnelType: "vxlan", state: "unverified" });
    await expect(approveRequest(test.db, unverified, reviewer, { transport, overrideReason: NO_PROOF })).rejects.toThrow(/email address is not confirmed/);
    await expect(approveRequest(test.db, 999_999, reviewer, { transport, overrideReason: NO_PROOF })).rejects.toThrow(/there is no request #999999/);
  });

  it("refuses a request whose POP no longer offers its tunnel type, writing nothing", async () => {
    const pop = await addPop(test.db, { code: "GONE", tunnelTypes: ["eoip"] });
    const id = await addPendingRequest(test.db, { asn: 1_064_850, locationId: pop, tunnelType: "eoip" });
    await test.db.update(locationTunnelTypes).set({ enabled: false }).where(eq(locationTunnelTypes.locationId, pop));
    await expect(approveRequest(test.db, id, reviewer, { transport, overrideReason: NO_PROOF })).rejects.toThrow(/cannot be approved as it stands: EoIP \(MikroTik\) is not offered at POP GONE/);
    expect((await test.db.select({ state: requests.state }).from(requests).where(eq(requests.id, id)))[0]!.state).toBe("pending");
    expect(await test.db.select().from(asns).where(eq(asns.asn, 1_064_850))).toHaveLength(0);
  });

  it("rejects with a reason that is emailed, and then cannot be approved", async () => {
    const id = await addPendingRequest(test.db, { asn: 1_064_900, locationId: fmt, tunnelType: "vxlan", contactEmail: "noc@rejected.example" });
    await expect(rejectRequest(test.db, { requestId: id, reason: "" }, reviewer, { transport })).rejects.toThrow(/say why/);
    await rejectRequest(test.db, { requestId: id, reason: "Your ASN is not announced anywhere yet." }, reviewer, { transport });
    const [request] = await test.db.select().from(requests).where(eq(requests.id, id));
    expect(request).toMatchObject({ state: "rejected", rejectReason: "Your ASN is not announced anywhere yet." });
    const [mail] = await test.db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, `request:${id}:rejected`));
    expect(mail!.toAddress).toBe("noc@rejected.example");
    expect(mail!.textBody).toContain("Your ASN is not announced anywhere yet.");
    await expect(approveRequest(test.db, id, reviewer, { transport, overrideReason: NO_PROOF })).rejects.toThrow(/already rejected/);
  });

  it("never hands out the same IP or tunnel id to 50 approvals running at the same moment", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) {
      ids.push(await addPendingRequest(test.db, { asn: 2_000_000 + i, locationId: fmt, tunnelType: i % 2 ? "vxlan" : "eoip", wantsIpv4: i % 5 !== 0 }));
    }
    // A pool of its own, as wide as the burst, so every approval runs on its own connection at once.
    const pool = createPool(test.url, 50);
    const db = createDb(pool);
    try {
      const results = await Promise.all(ids.map((id) => approveRequest(db, id, reviewer, { transport, overrideReason: NO_PROOF })));
      const v4 = results.map((r) => r.ipv4).filter(Boolean);
      const v6 = results.map((r) => r.ipv6);
      expect(v4).toHaveLength(40);
      expect(new Set(v4).size).toBe(40);
      expect(new Set(v6).size).toBe(50);
      for (const type of ["vxlan", "eoip"] as const) {
        const tunnelIds = results.filter((_, i) => (i % 2 ? "vxlan" : "eoip") === type).map((r) => r.tunnelId);
        expect(new Set(tunnelIds).size).toBe(25);
      }
    } finally {
      await pool.end();
    }
    const all = await test.db.select({ address: ips.address }).from(ips);
    expect(new Set(all.map((r) => r.address)).size).toBe(all.length);
    expect(all.some((r) => r.address === "198.18.0.1" || r.address === "2001:2:0:1::1")).toBe(false);
  });

  it("says clearly when a small LAN is full and writes nothing", async () => {
    // A fresh database whose only LAN is a /29 with its first address reserved: 5 member addresses.
    const small = await createTestDatabase();
    try {
      const pop = await addPop(small.db, { code: "TINY", tunnelTypes: ["vxlan"] });
      await addLan(small.db, { ipv4Prefix: "198.18.5.0/29", ipv6Prefix: "2001:2:0:5::/64", reservations: [{ family: 4, first: "198.18.5.1", last: "198.18.5.1" }] });
      for (let i = 0; i < 5; i++) await approveRequest(small.db, await addPendingRequest(small.db, { asn: 3_000_000 + i, locationId: pop, tunnelType: "vxlan" }), reviewer, { transport, overrideReason: NO_PROOF });
      const before = await Promise.all([clients, asns, ips, connections, users, auditLog].map((t) => small.db.select({ n: count() }).from(t)));

      const overflow = await addPendingRequest(small.db, { asn: 3_000_100, locationId: pop, tunnelType: "vxlan", contactEmail: "late@example.net" });
      await expect(approveRequest(small.db, overflow, reviewer, { transport, overrideReason: NO_PROOF })).rejects.toThrow(/the IPv4 peering LAN 198\.18\.5\.0\/29 has no free address left/);

      const after = await Promise.all([clients, asns, ips, connections, users, auditLog].map((t) => small.db.select({ n: count() }).from(t)));
      expect(after).toEqual(before);
      const [request] = await small.db.select({ state: requests.state }).from(requests).where(eq(requests.id, overflow));
      expect(request!.state).toBe("pending");
      expect(await small.db.select().from(emailOutbox).where(inArray(emailOutbox.toAddress, ["late@example.net"]))).toHaveLength(0);
      // Without IPv4 the same request still fits: only the IPv4 space was exhausted.
      await small.db.update(requests).set({ wantsIpv4: false }).where(eq(requests.id, overflow));
      expect((await approveRequest(small.db, overflow, reviewer, { transport, overrideReason: NO_PROOF })).ipv4).toBeNull();
    } finally {
      await small.drop();
    }
  });
});
