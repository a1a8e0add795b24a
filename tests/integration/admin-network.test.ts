import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { ZodError } from "zod";
import { auditLog, ips, lanReservations, locations, locationTunnelTypes, peeringLans, routeServers } from "@/server/db/schema";
import { ConflictError } from "@/server/errors";
import { createLan, addLanReservation, updateLan } from "@/server/lans/service";
import { getLocation, listLocations } from "@/server/locations/queries";
import { createLocation, updateLocation } from "@/server/locations/service";
import { createRouteServer } from "@/server/routeserver/manage";
import { seedDemo } from "@/server/seed/demo";
import { locationInputSchema } from "@/shared/validation/location";
import { lanInputSchema } from "@/shared/validation/lan";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let test: TestDatabase;
const ACTOR = "test-volunteer";

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 6, seed: 3 });
});
afterAll(async () => {
  await test.drop();
});

const pop = (overrides: Record<string, unknown> = {}) =>
  locationInputSchema.parse({
    code: "tst",
    name: "Test POP",
    city: "Lisbon",
    country: "pt",
    endpointIpv4: "203.0.113.7",
    mode: "full",
    active: true,
    tunnelTypes: { vxlan: { udpPort: 4790 }, openvpn: { port: 1195, protocol: "tcp" } },
    ...overrides,
  });

function issues(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    if (error instanceof ZodError) return Object.fromEntries(error.issues.map((i) => [i.path.join("."), i.message]));
    throw error;
  }
  throw new Error("expected a validation error");
}

describe("POPs", () => {
  it("creates a POP offering two tunnel types with their parameters, audited", async () => {
    const created = await createLocation(test.db, ACTOR, pop());
    expect(created.code).toBe("TST");
    expect(created.country).toBe("PT");
    // In the order of TUNNEL_TYPES (the column is an enum).
    expect(created.tunnelTypes).toEqual([
      { type: "vxlan", params: { udpPort: 4790 }, enabled: true },
      { type: "openvpn", params: { port: 1195, protocol: "tcp" }, enabled: true },
    ]);
    expect((await listLocations(test.db)).map((l) => l.code)).toContain("TST");
    const [entry] = await test.db.select().from(auditLog).where(and(eq(auditLog.entityType, "location"), eq(auditLog.entityId, String(created.id))));
    expect(entry).toMatchObject({ actor: ACTOR, action: "location.create", before: null });
    expect(entry!.after).toMatchObject({ code: "TST", tunnelTypes: expect.arrayContaining([expect.objectContaining({ type: "vxlan" })]) });
  });

  it("reads the same POP from form fields as from JSON", () => {
    const fromForm = locationInputSchema.parse({
      code: "tst", name: "Test POP", city: "Lisbon", country: "PT", endpointIpv4: "203.0.113.7", endpointIpv6: "", mode: "full", active: "on",
      uplinkLocationId: "", meshVni: "", peeringdbFacilityId: "", managementHost: "",
      offers: ["vxlan", "openvpn"], "params.vxlan.udpPort": "4790", "params.openvpn.port": "1195", "params.openvpn.protocol": "tcp", "params.zerotier.networkId": "",
    });
    expect(fromForm).toEqual(pop());
  });

  it.each([
    [{ code: "F" }, "code", /2 to 16 letters/],
    [{ code: "FMT-2" }, "code", /2 to 16 letters/],
    [{ country: "XX" }, "country", /ISO 3166-1/],
    [{ country: "EU" }, "country", /ISO 3166-1/],
    [{ endpointIpv4: "10.1.2.3" }, "endpointIpv4", /public IPv4/],
    [{ endpointIpv4: "2001:db8::1" }, "endpointIpv4", /IPv4 address/],
    [{ endpointIpv6: "fe80::1" }, "endpointIpv6", /public IPv6/],
    [{ tunnelTypes: { vxlan: { udpPort: 70000 } } }, "tunnelTypes.vxlan.udpPort", /^VXLAN UDP port: must be at most 65535$/],
    [{ tunnelTypes: { vxlan: { mtu: 1 } } }, "tunnelTypes.vxlan.mtu", /not a parameter of vxlan/],
    [{ tunnelTypes: { zerotier: { networkId: "xyz" } } }, "tunnelTypes.zerotier.networkId", /16-digit/],
    [{ tunnelTypes: { gre: {} } }, "tunnelTypes.gre", /gre is not a tunnel type/],
    [{ tunnelTypes: {} }, "tunnelTypes", /at least one tunnel type/],
    [{ endpointIpv4: null, tunnelTypes: { eoip: {} } }, "endpointIpv4", /need a public endpoint/],
    [{ mode: "satellite" }, "uplinkLocationId", /satellite POP needs/],
  ])("refuses %j with a clear message on %s", (overrides, path, message) => {
    expect(issues(() => pop(overrides))[path]).toMatch(message);
  });

  it("refuses a taken code and writes nothing", async () => {
    const [before] = await test.db.select({ n: count() }).from(locations);
    await expect(createLocation(test.db, ACTOR, pop({ code: "FMT" }))).rejects.toThrow(new ConflictError("a POP with the code FMT already exists"));
    const [after] = await test.db.select({ n: count() }).from(locations);
    expect(after!.n).toBe(before!.n);
  });

  it("edits a POP, replaces its tunnel types, and refuses to drop a type members still use", async () => {
    const [fmt] = await test.db.select({ id: locations.id }).from(locations).where(eq(locations.code, "FMT"));
    const current = (await getLocation(test.db, fmt!.id))!;
    const offered = Object.fromEntries(current.tunnelTypes.map((t) => [t.type, t.params]));
    const saved = await updateLocation(test.db, ACTOR, { ...pop({ code: "FMT", tunnelTypes: { ...offered, vxlan: { udpPort: 8472 } } }), id: fmt!.id } as never);
    expect(saved.tunnelTypes.find((t) => t.type === "vxlan")?.params).toEqual({ udpPort: 8472 });

    const usedType = current.tunnelTypes.map((t) => t.type).find((type) => type !== "vxlan");
    const withoutAll = pop({ code: "FMT", tunnelTypes: { vxlan: { udpPort: 4789 } } });
    // The demo seed puts members on several FMT types; dropping them must fail and change nothing.
    await expect(updateLocation(test.db, ACTOR, { ...withoutAll, id: fmt!.id } as never)).rejects.toThrow(/members still connect here with/);
    const types = await test.db.select({ type: locationTunnelTypes.type }).from(locationTunnelTypes).where(eq(locationTunnelTypes.locationId, fmt!.id));
    expect(types.map((t) => t.type)).toContain(usedType);
    const audits = await test.db.select().from(auditLog).where(and(eq(auditLog.action, "location.update"), eq(auditLog.entityId, String(fmt!.id))));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.before).toMatchObject({ city: "Fremont" });
    expect(audits[0]!.after).toMatchObject({ city: "Lisbon" });
  });
});

describe("peering LANs", () => {
  const lan = (overrides: Record<string, unknown> = {}) =>
    lanInputSchema.parse({ name: "Second LAN", ipv4Prefix: "198.19.0.0/24", ipv6Prefix: "2001:db8:99::/64", allocationScheme: "sequential", ixfVlanId: 2, ...overrides });

  it.each([
    [{ ipv4Prefix: "198.19.0.1/24" }, "ipv4Prefix", /host bits set: the network is 198\.19\.0\.0\/24/],
    [{ ipv6Prefix: "2001:db8:99::1/64" }, "ipv6Prefix", /host bits set/],
    [{ ipv4Prefix: "198.19.0.0/33" }, "ipv4Prefix", /IPv4 prefix such as/],
    [{ ipv4Prefix: "2001:db8::/64" }, "ipv4Prefix", /IPv4 prefix such as/],
    [{ ipv4Prefix: "", ipv6Prefix: "" }, "ipv4Prefix", /IPv4 prefix, an IPv6 prefix or both/],
    [{ ipv4Prefix: "", allocationScheme: "ipv4_mirror" }, "allocationScheme", /needs both prefixes/],
    [{ ixfVlanId: "x" }, "ixfVlanId", /must be a number/],
  ])("refuses %j", (overrides, path, message) => {
    expect(issues(() => lan(overrides))[path]).toMatch(message);
  });

  it("creates a LAN, refuses a second one with the same IX-F vlan id, and keeps reservations inside the prefix", async () => {
    const created = await createLan(test.db, ACTOR, lan());
    await expect(createLan(test.db, ACTOR, lan({ name: "Third LAN" }))).rejects.toThrow(/vlan id 2 is already used by Second LAN/);
    await expect(addLanReservation(test.db, ACTOR, { lanId: created.id, firstAddress: "198.18.0.1", lastAddress: "198.18.0.9", purpose: "x" })).rejects.toThrow(
      /198\.18\.0\.1 is outside the LAN's prefix 198\.19\.0\.0\/24/,
    );
    await addLanReservation(test.db, ACTOR, { lanId: created.id, firstAddress: "198.19.0.1", lastAddress: "198.19.0.31", purpose: "Route servers" });
    const reservations = await test.db.select().from(lanReservations).where(eq(lanReservations.lanId, created.id));
    expect(reservations).toMatchObject([{ family: 4, firstAddress: "198.19.0.1", lastAddress: "198.19.0.31" }]);
  });

  it("refuses to reserve addresses members hold, or to shrink a prefix away from them", async () => {
    const [demo] = await test.db.select().from(peeringLans).where(eq(peeringLans.name, "Peering LAN"));
    const [held] = await test.db.select({ address: ips.address }).from(ips).where(and(eq(ips.lanId, demo!.id), eq(ips.family, 4))).limit(1);
    await expect(addLanReservation(test.db, ACTOR, { lanId: demo!.id, firstAddress: held!.address, lastAddress: held!.address, purpose: "x" })).rejects.toThrow(
      /already allocated to a member/,
    );
    const shrunk = { ...lanInputSchema.parse({ ...demo, ipv4Prefix: "198.18.200.0/24", vlanTag: null }), id: demo!.id };
    await expect(updateLan(test.db, ACTOR, shrunk as never)).rejects.toThrow(/would fall outside the new prefixes/);
    const [after] = await test.db.select().from(peeringLans).where(eq(peeringLans.id, demo!.id));
    expect(after!.ipv4Prefix).toBe(demo!.ipv4Prefix);
  });
});

describe("route servers", () => {
  it("refuses an address outside its LAN and creates a valid one", async () => {
    const [lan] = await test.db.select().from(peeringLans).where(eq(peeringLans.name, "Peering LAN"));
    const [fmt] = await test.db.select({ id: locations.id }).from(locations).where(eq(locations.code, "FMT"));
    const input = { name: "rs3", locationId: fmt!.id, lanId: lan!.id, asn: 64500, routerId: "198.18.0.3", ipv4Address: "198.18.0.3", ipv6Address: "2001:2:0:1::3", controlSocket: "/run/bird/rs3.ctl", sshHost: null, sshUser: null, active: true };
    await expect(createRouteServer(test.db, ACTOR, { ...input, ipv4Address: "192.0.2.3" })).rejects.toThrow(/192\.0\.2\.3 is not inside the peering LAN/);
    const created = await createRouteServer(test.db, ACTOR, input);
    expect(created).toMatchObject({ name: "rs3", locationCode: "FMT", lanName: "Peering LAN" });
    expect(await test.db.select({ n: count() }).from(routeServers).where(eq(routeServers.name, "rs3"))).toEqual([{ n: 1 }]);
  });
});
