import { describe, expect, it } from "vitest";
import type { PublicPeer } from "@/server/directory/peers";
import { filterPeers, pageWindow, peerListQuerySchema, sortPeers } from "@/shared/directory/peer-search";

const peer = (key: number, name: string, asn: number, address: string, pop: string | null): PublicPeer => ({
  key,
  name,
  website: null,
  contactEmails: [],
  asns: [{ asn, asSet: null, routeServerClient: true, addresses: [{ family: address.includes(":") ? 6 : 4, address, routeServerSession: "up" }] }],
  connections: pop ? [{ locationCode: pop, city: `${pop} city`, country: "US", type: "vxlan" }] : [],
});

const PEERS = [
  peer(1, "Zeta Net 10", 64500, "198.18.0.40", "SYD"),
  peer(2, "alpha net 9", 4200000000, "2001:2:0:1::41", "AMS"),
  peer(3, "Beta Hosting", 64499, "198.18.0.42", null),
];

describe("peer search and sort", () => {
  it.each([
    ["", [1, 2, 3]],
    ["AS64500", [1]],
    ["64499", [3]],
    ["2001:2:0:1::41", [2]],
    ["ams", [2]],
    ["net syd", [1]],
    ["NET", [1, 2]],
    ["nowhere", []],
  ])("finds %j", (query, keys) => {
    expect(filterPeers(PEERS, query).map((p) => p.key)).toEqual(keys);
  });

  it("sorts by name (case-insensitive, numbers as numbers), by first ASN and by location", () => {
    expect(sortPeers(PEERS, "name").map((p) => p.name)).toEqual(["alpha net 9", "Beta Hosting", "Zeta Net 10"]);
    expect(sortPeers(PEERS, "asn").map((p) => p.key)).toEqual([3, 1, 2]);
    expect(sortPeers(PEERS, "pop").map((p) => p.key)).toEqual([2, 1, 3]);
    expect(PEERS.map((p) => p.key)).toEqual([1, 2, 3]);
  });
});

describe("the /peers query string", () => {
  it("reads search, sort and page, and falls back to the defaults for anything it cannot use", () => {
    expect(peerListQuerySchema.parse({ q: "  AS64500 ", sort: "pop", page: "3" })).toEqual({ q: "AS64500", sort: "pop", page: 3 });
    expect(peerListQuerySchema.parse({})).toEqual({ q: "", sort: "name", page: 1 });
    expect(peerListQuerySchema.parse({ q: ["a", "b"], sort: "size", page: "-2" })).toEqual({ q: "", sort: "name", page: 1 });
    expect(peerListQuerySchema.parse({ q: "x".repeat(201), page: "1.5" })).toEqual({ q: "", sort: "name", page: 1 });
  });

  it("keeps the page inside the list", () => {
    expect(pageWindow(120, 2, 50)).toEqual({ page: 2, pages: 3, offset: 50 });
    expect(pageWindow(120, 9, 50)).toEqual({ page: 3, pages: 3, offset: 100 });
    expect(pageWindow(0, 4, 50)).toEqual({ page: 1, pages: 1, offset: 0 });
  });
});
