import { describe, expect, it } from "vitest";
import type { BirdLine } from "@/server/routeserver/bird-client";
import { parseRouteCount, rejectReasonInWords, rejectReasonOf } from "@/server/routeserver/filter-reasons";
import { REJECT_REASON_TAG } from "@/server/routeserver/policy";
import { asPathGraph } from "@/server/lookingglass/as-path-graph";
import { birdwatcherProtocols, birdwatcherRoute, birdwatcherStatus, routeAge } from "@/server/lookingglass/birdwatcher";
import { parseShowRouteAll } from "@/server/lookingglass/route-parser";
import { lgAccess, prefixQuerySchema, protocolNameSchema } from "@/server/lookingglass/service";

/** BIRD 2's reply to `show route table master4 all`, as the control socket sends it (codes per line). */
const SHOW_ROUTE_ALL: BirdLine[] = [
  { code: 1007, text: "Table master4:" },
  { code: 1007, text: "23.1.1.0/24          unicast [AS30001_4_1 2026-11-29 22:13:10.123 from 198.18.0.99] * (100) [AS30001i]" },
  { code: 1007, text: "\tvia 198.18.0.11 on eth0" },
  { code: 1008, text: "\tType: BGP univ" },
  { code: 1012, text: "\tBGP.origin: IGP" },
  { code: 1012, text: "\tBGP.as_path: 30001 30001 30011" },
  { code: 1012, text: "\tBGP.next_hop: 198.18.0.11" },
  { code: 1012, text: "\tBGP.local_pref: 100" },
  { code: 1012, text: "\tBGP.med: 5" },
  { code: 1012, text: "\tBGP.community: (65535,666) (64500,30002)" },
  { code: 1012, text: "\tBGP.large_community: (64500, 1000, 2) (64500, 65520, 9)" },
  { code: 1012, text: "\tBGP.ext_community: (rt, 64500, 1)" },
  { code: 1007, text: "                     unicast [AS30002_4_2 22:13:11.456] (100) [AS30002i]" },
  { code: 1007, text: "\tvia 198.18.0.12 on eth0" },
  { code: 1008, text: "\tType: BGP univ" },
  { code: 1012, text: "\tBGP.as_path: 30002" },
  { code: 1012, text: "\tBGP.next_hop: 198.18.0.12" },
  { code: 0, text: "" },
];

describe("show route ... all parser", () => {
  it("reads every route with its best-path attributes, a second route of the same prefix included", () => {
    const [first, second] = parseShowRouteAll(SHOW_ROUTE_ALL);
    expect(first).toEqual({
      prefix: "23.1.1.0/24",
      kind: "unicast",
      fromProtocol: "AS30001_4_1",
      since: "2026-11-29 22:13:10.123",
      learntFrom: "198.18.0.99",
      primary: true,
      preference: 100,
      gateway: "198.18.0.11",
      interface: "eth0",
      type: ["BGP", "univ"],
      origin: "IGP",
      asPath: [30001, 30001, 30011],
      nextHop: "198.18.0.11",
      localPref: 100,
      med: 5,
      otc: null,
      communities: [[65535, 666], [64500, 30002]],
      largeCommunities: [[64500, 1000, 2], [64500, 65520, 9]],
      extCommunities: [["rt", "64500", "1"]],
    });
    expect(second).toMatchObject({ prefix: "23.1.1.0/24", fromProtocol: "AS30002_4_2", since: "22:13:11.456", learntFrom: null, primary: false, asPath: [30002], nextHop: "198.18.0.12" });
    expect(parseShowRouteAll([{ code: 0, text: "" }])).toEqual([]);
  });
});

describe("reject reasons", () => {
  it("are decoded from the route server's own large community only, and told to the member in their words", () => {
    expect(rejectReasonOf([[64500, 1000, 2], [64501, REJECT_REASON_TAG, 2], [64500, REJECT_REASON_TAG, 9]], 64500)).toBe("IRR_PREFIX");
    expect(rejectReasonOf([[64501, REJECT_REASON_TAG, 9]], 64500)).toBeNull();
    expect(rejectReasonOf([[64500, REJECT_REASON_TAG, 999]], 64500)).toBeNull();
    expect(rejectReasonInWords("IRR_PREFIX", { asn: 64501, asSet: "AS-EXAMPLE" })).toBe("not in your IRR set AS-EXAMPLE");
    expect(rejectReasonInWords("IRR_PREFIX", { asn: 64501, asSet: null })).toBe("not in your IRR set AS64501 (you have no AS-SET registered)");
    expect(rejectReasonInWords("IRR_PREFIX")).toBe("prefix not in the member's IRR prefix list");
    expect(rejectReasonInWords("BOGON_PREFIX", { asn: 64501, asSet: "AS-EXAMPLE" })).toBe("bogon or martian prefix");
    expect(rejectReasonInWords(null)).toMatch(/no reason recorded/);
  });

  it("are counted from BIRD's `count` reply, and an unexpected reply is an error, not zero", () => {
    expect(parseRouteCount("3 of 12 routes for 3 networks in table master4")).toBe(3);
    expect(parseRouteCount(" 0 of 0 routes for 0 networks in table master6 ")).toBe(0);
    expect(parseRouteCount("7 routes for 7 networks in table master4")).toBe(7);
    expect(() => parseRouteCount("syntax error, unexpected CF_SYM_UNDEFINED")).toThrow(/unexpected route count from BIRD/);
  });
});

describe("who sees what", () => {
  it("follows the publish setting for the public and other members, shows members their own sessions and volunteers everything", () => {
    const none = { protocols: false, accepted: false, filtered: false };
    const all = { protocols: true, accepted: true, filtered: true };
    expect(lgAccess({ kind: "public" }, "off", 1)).toEqual(none);
    expect(lgAccess({ kind: "public" }, "counts", 1)).toEqual({ protocols: true, accepted: false, filtered: false });
    expect(lgAccess({ kind: "public" }, "accepted", 1)).toEqual({ protocols: true, accepted: true, filtered: false });
    expect(lgAccess({ kind: "public" }, "full", 1)).toEqual(all);
    expect(lgAccess({ kind: "member", clientId: 2 }, "accepted", 1)).toEqual({ protocols: true, accepted: true, filtered: false });
    expect(lgAccess({ kind: "member", clientId: 1 }, "off", 1)).toEqual(all);
    expect(lgAccess({ kind: "member", clientId: 1 }, "off", null)).toEqual(none);
    expect(lgAccess({ kind: "volunteer" }, "off", null)).toEqual(all);
  });

  it("lets only session names and prefixes through to BIRD", () => {
    expect(protocolNameSchema.safeParse("AS64500_4_12").success).toBe(true);
    for (const bad of ["", "AS1; down", "x".repeat(65), "AS1 filtered", "1AS"]) expect(protocolNameSchema.safeParse(bad).success).toBe(false);
    expect(prefixQuerySchema.parse(" 23.1.1.7/24 ")).toEqual({ text: "23.1.1.0/24", family: 4, isPrefix: true });
    expect(prefixQuerySchema.parse("2001:DB8::1")).toEqual({ text: "2001:db8::1", family: 6, isPrefix: false });
    expect(prefixQuerySchema.safeParse("23.1.1.0/24; show status").success).toBe(false);
    // Only dotted-quad IPv4 and zone-less IPv6, as everywhere else in the portal (shared/validation/ip.ts).
    for (const bad of ["3232235521", "10.1", "fe80::1%eth0", "23.1.1.0/33"]) expect(prefixQuerySchema.safeParse(bad).success).toBe(false);
  });
});

describe("AS-path graph", () => {
  it("links the route server to each neighbor and on to the origins, collapsing prepends and counting routes per hop", () => {
    const graph = asPathGraph({ name: "rs1", asn: 64500 }, [
      { prefix: "23.1.1.0/24", asPath: [30001] },
      { prefix: "23.1.2.0/24", asPath: [30001, 30001, 30011] },
      { prefix: "23.1.3.0/24", asPath: [30001, 30011, 30099] },
      { prefix: "10.0.0.0/8", asPath: [] },
    ], new Map([[30001, "Alpha"]]));
    expect(graph.nodes).toEqual([
      { id: "RS:rs1", label: "rs1 (AS64500)", kind: "routeServer" },
      { id: "AS30001", label: "AS30001 Alpha", kind: "neighbor" },
      { id: "AS30011", label: "AS30011", kind: "origin" },
      { id: "AS30099", label: "AS30099", kind: "origin" },
    ]);
    expect(graph.edges).toEqual([
      { id: "RS:rs1->AS30001", source: "RS:rs1", target: "AS30001", routes: 3 },
      { id: "AS30001->AS30011", source: "AS30001", target: "AS30011", routes: 2 },
      { id: "AS30011->AS30099", source: "AS30011", target: "AS30099", routes: 1 },
    ]);
  });
});

describe("birdwatcher shapes", () => {
  it("types every field the way Alice-LG's parsers demand", () => {
    const [route] = parseShowRouteAll(SHOW_ROUTE_ALL);
    const shaped = birdwatcherRoute(route!, new Date("2026-11-29T23:00:00Z"));
    expect(shaped).toMatchObject({ network: "23.1.1.0/24", from_protocol: "AS30001_4_1", primary: true, metric: 100, age: "2026-11-29 22:13:10", learnt_from: "198.18.0.99" });
    expect(shaped.bgp).toEqual({
      origin: "IGP",
      as_path: ["30001", "30001", "30011"],
      next_hop: "198.18.0.11",
      local_pref: "100",
      med: "5",
      communities: [[65535, 666], [64500, 30002]],
      large_communities: [[64500, 1000, 2], [64500, 65520, 9]],
      ext_communities: [["rt", "64500", "1"]],
    });
    expect(routeAge("22:13:11.456", new Date("2026-11-29T23:00:00Z"))).toBe("2026-11-29 22:13:11");

    const protocols = birdwatcherProtocols([
      { name: "AS30001_4_1", state: "up", bgpState: "Established", since: new Date("2026-11-29T09:00:00Z"), neighborAddress: "198.18.0.11", neighborAs: 30001, lastError: null, routes: { imported: 2, filtered: 1, exported: 3 }, owner: { clientId: 1, name: "Alpha", asn: 30001, asSet: null, address: "198.18.0.11" } },
    ]);
    expect(protocols.AS30001_4_1).toMatchObject({ state: "up", state_changed: "2026-11-29 09:00:00", neighbor_as: 30001, neighbor_address: "198.18.0.11", description: "Alpha", routes: { imported: 2, filtered: 1, exported: 3, preferred: 2 }, channels: { ipv4: { routes_count: { imported: 2 } } } });

    expect(birdwatcherStatus(["BIRD 2.15.1", "Router ID is 198.18.0.1", "Hostname is rs", "Current server time is 2026-11-29 22:00:01.123", "Last reboot on 2026-11-29 21:00:00.000", "Last reconfiguration on 2026-11-29 21:30:00.000", "Daemon is up and running"])).toEqual({
      version: "2.15.1", router_id: "198.18.0.1", current_server: "2026-11-29 22:00:01", last_reboot: "2026-11-29 21:00:00", last_reconfig: "2026-11-29 21:30:00", message: "Daemon is up and running",
    });
  });
});
