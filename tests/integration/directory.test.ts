import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { asns, clients, connections, ipRouteServerSessions, ips, locations, locationTunnelTypes, routeServers } from "@/server/db/schema";
import { seedDemo } from "@/server/seed/demo";
import { listPublicPeers } from "@/server/directory/peers";
import { findPublicPeers } from "@/server/directory/peer-index";
import { filterPeers, PEER_SORTS, sortPeers, type PeerSort } from "@/shared/directory/peer-search";
import { listPublicLocations } from "@/server/directory/locations";
import { getIxFigures } from "@/server/directory/figures";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 30, seed: 5 });
});
afterAll(async () => {
  await test.drop();
});

describe("public directory queries", () => {
  it("lists exactly the provisioned addresses, grouped by client, with no private columns and only published contacts", async () => {
    const peers = await listPublicPeers(test.db);
    const provisioned = await test.db.select({ address: ips.address, clientId: asns.clientId }).from(ips).innerJoin(asns, eq(asns.id, ips.asnId)).where(eq(ips.provisioned, true));
    expect(peers.flatMap((p) => p.asns.flatMap((a) => a.addresses.map((ip) => ip.address))).sort()).toEqual(provisioned.map((r) => r.address).sort());
    expect(peers.map((p) => p.key).sort((a, b) => a - b)).toEqual([...new Set(provisioned.map((r) => r.clientId))].sort((a, b) => a - b));
    // Published contacts are checked below; nothing else private may appear.
    const text = JSON.stringify(peers.map((peer) => Object.fromEntries(Object.entries(peer).filter(([key]) => key !== "contactEmails"))));
    expect(text).not.toMatch(/contact|noc@|email|remoteEndpoint|tunnelId/i);
    const contactsOf = async (contactPrivate: boolean) =>
      (await test.db.select({ id: clients.id, email: clients.contactEmail }).from(clients).where(eq(clients.contactPrivate, contactPrivate))).filter((c) =>
        peers.some((p) => p.key === c.id),
      );
    const [hidden, published] = [await contactsOf(true), await contactsOf(false)];
    expect(hidden.length).toBeGreaterThan(0);
    const shown = peers.flatMap((p) => p.contactEmails);
    expect(shown.filter((email) => hidden.some((c) => c.email === email))).toEqual([]);
    expect(published.every((c) => peers.find((p) => p.key === c.id)!.contactEmails.includes(c.email))).toBe(true);
    expect(peers.every((p) => p.connections.length > 0)).toBe(true);
  });

  it("shows a website only when it is an http(s) link", async () => {
    const [first] = await listPublicPeers(test.db);
    await test.db.update(clients).set({ website: "javascript:alert(1)" }).where(eq(clients.id, first!.key));
    const again = (await listPublicPeers(test.db)).find((p) => p.key === first!.key)!;
    expect(again.website).toBeNull();
  });

  it("lists active POPs with their public tunnel parameters and public member counts", async () => {
    const [fmt] = await test.db.select({ id: locations.id }).from(locations).where(eq(locations.code, "FMT"));
    await test.db.update(locationTunnelTypes).set({ params: { udpPort: 4789, controllerToken: "s3cret" } }).where(eq(locationTunnelTypes.locationId, fmt!.id));
    await test.db.update(locations).set({ active: false }).where(eq(locations.code, "SYD"));
    const pops = await listPublicLocations(test.db);
    expect(pops.map((p) => p.code)).toEqual(["AMS", "FMT", "JNB", "NYC"]);
    const fremont = pops.find((p) => p.code === "FMT")!;
    expect(fremont.tunnelTypes.map((t) => t.params)).toEqual(fremont.tunnelTypes.map(() => ({ udpPort: 4789 })));
    expect(JSON.stringify(pops)).not.toContain("s3cret");
    expect(pops.find((p) => p.code === "NYC")).toMatchObject({ mode: "satellite", uplinkCode: "FMT", endpointIpv4: "192.0.2.40" });

    const publicClients = new Set((await listPublicPeers(test.db)).map((p) => p.key));
    const atFremont = await test.db.select({ clientId: connections.clientId, state: connections.state }).from(connections).where(eq(connections.locationId, fmt!.id));
    const expected = new Set(atFremont.filter((c) => publicClients.has(c.clientId) && !c.state.startsWith("decommission")).map((c) => c.clientId));
    expect(fremont.memberCount).toBe(expected.size);
    await test.db.update(locations).set({ active: true }).where(eq(locations.code, "SYD"));
  });

  it("counts members, ASNs, POPs, and route-server prefixes once they are known", async () => {
    const before = await getIxFigures(test.db);
    const peers = await listPublicPeers(test.db);
    expect(before).toEqual({
      members: peers.length,
      asns: peers.reduce((n, p) => n + p.asns.length, 0),
      pops: 5,
      prefixesV4: null,
      prefixesV6: null,
    });

    const [rs1, rs2] = await test.db.select({ id: routeServers.id }).from(routeServers);
    const sample = await test.db.select({ id: ips.id, family: ips.family }).from(ips).where(eq(ips.provisioned, true)).limit(4);
    const v4 = sample.filter((ip) => ip.family === 4);
    const v6 = sample.filter((ip) => ip.family === 6);
    const checkedAt = new Date();
    await test.db.insert(ipRouteServerSessions).values([
      ...v4.map((ip) => ({ ipId: ip.id, routeServerId: rs1!.id, state: "up" as const, routesImported: 10, checkedAt })),
      ...v4.map((ip) => ({ ipId: ip.id, routeServerId: rs2!.id, state: "up" as const, routesImported: 7, checkedAt })),
      ...v6.map((ip) => ({ ipId: ip.id, routeServerId: rs1!.id, state: "up" as const, routesImported: 3, checkedAt })),
    ]);
    const after = await getIxFigures(test.db);
    expect(after.prefixesV4).toBe(v4.length > 0 ? 10 * v4.length : null);
    expect(after.prefixesV6).toBe(v6.length > 0 ? 3 * v6.length : null);
    await test.db.delete(ipRouteServerSessions).where(inArray(ipRouteServerSessions.ipId, sample.map((s) => s.id)));
  });
});

describe("/peers pages from the in-memory directory", () => {
  const PAGE_SIZE = 7;
  const everyPage = async (q: string, sort: PeerSort) => {
    const first = await findPublicPeers(test.db, { q, sort, page: 1 }, PAGE_SIZE);
    const rest = [];
    for (let page = 2; page <= first.pages; page++) rest.push(await findPublicPeers(test.db, { q, sort, page }, PAGE_SIZE));
    return [first, ...rest];
  };

  it("pages through exactly the sorted, searched list, and clamps a page past the end", async () => {
    const all = await listPublicPeers(test.db);
    for (const sort of Object.keys(PEER_SORTS) as PeerSort[]) {
      for (const q of ["", "fmt", "as6"]) {
        const expected = sortPeers(filterPeers(all, q), sort);
        const pages = await everyPage(q, sort);
        expect(pages.every((p) => p.peers.length <= PAGE_SIZE && p.total === all.length && p.matching === expected.length)).toBe(true);
        expect(pages.flatMap((p) => p.peers.map((peer) => peer.key))).toEqual(expected.map((peer) => peer.key));
      }
    }
    expect(all.length).toBeGreaterThan(2 * PAGE_SIZE);
    const past = await findPublicPeers(test.db, { q: "", sort: "name", page: 999 }, PAGE_SIZE);
    expect(past.page).toBe(Math.ceil(all.length / PAGE_SIZE));
    // The clamped page is the last one, with exactly the last peers of the list.
    expect(past.peers.map((peer) => peer.key)).toEqual(
      sortPeers(all, "name")
        .slice((past.page - 1) * PAGE_SIZE)
        .map((peer) => peer.key),
    );
  });

  it("serves repeated requests from memory and shows a change on the next request, whoever wrote it", async () => {
    const before = await findPublicPeers(test.db, { q: "", sort: "name", page: 1 }, PAGE_SIZE);
    const again = await findPublicPeers(test.db, { q: "", sort: "name", page: 1 }, PAGE_SIZE);
    expect(again.peers[0]).toBe(before.peers[0]); // the same objects: nothing was read again

    const target = before.peers[0]!;
    await test.db.update(clients).set({ name: "Aaa Renamed Networks", contactPrivate: false }).where(eq(clients.id, target.key));
    const renamed = await findPublicPeers(test.db, { q: "renamed", sort: "name", page: 1 }, PAGE_SIZE);
    expect(renamed.peers.map((peer) => [peer.key, peer.name])).toEqual([[target.key, "Aaa Renamed Networks"]]);
    const [published] = await test.db.select({ email: clients.contactEmail }).from(clients).where(eq(clients.id, target.key));
    expect(renamed.peers[0]!.contactEmails).toContain(published!.email);

    await test.db.update(clients).set({ contactPrivate: true }).where(eq(clients.id, target.key));
    expect((await findPublicPeers(test.db, { q: "renamed", sort: "name", page: 1 }, PAGE_SIZE)).peers[0]!.contactEmails).toEqual([]);

    // Unprovisioning every address takes the member off the list.
    const memberAsns = await test.db.select({ id: asns.id }).from(asns).where(eq(asns.clientId, target.key));
    await test.db.update(ips).set({ provisioned: false }).where(inArray(ips.asnId, memberAsns.map((a) => a.id)));
    const after = await findPublicPeers(test.db, { q: "renamed", sort: "name", page: 1 }, PAGE_SIZE);
    expect([after.matching, after.total]).toEqual([0, before.total - 1]);
    await test.db.update(ips).set({ provisioned: true }).where(inArray(ips.asnId, memberAsns.map((a) => a.id)));
  });

  it("asks the database for the version once for requests arriving together, and again for the next one", async () => {
    let queries = 0;
    // The same database behind a new handle (so a cache of its own) that counts the raw queries sent through it.
    const counted = new Proxy(test.db, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property !== "execute" || typeof value !== "function") return typeof value === "function" ? value.bind(target) : value;
        return (...args: unknown[]) => {
          queries++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const first = await findPublicPeers(counted, { q: "", sort: "name", page: 1 }, PAGE_SIZE);
    queries = 0;
    const together = await Promise.all(Array.from({ length: 10 }, () => findPublicPeers(counted, { q: "", sort: "name", page: 1 }, PAGE_SIZE)));
    expect(together.every((page) => page.peers[0] === first.peers[0])).toBe(true);
    expect(queries).toBe(1);
    await findPublicPeers(counted, { q: "", sort: "name", page: 1 }, PAGE_SIZE);
    expect(queries).toBe(2);
  });
});
