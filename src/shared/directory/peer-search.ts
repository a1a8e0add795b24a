import { z } from "zod";
import type { PublicPeer } from "@/server/directory/peers";
import { wholeNumber } from "@/shared/validation/form";
import { freeText } from "@/shared/validation/text";

/** Search, sort and paging for the public peer list: pure, so the server and tests share it. */

export const PEER_SORTS = {
  name: "Name",
  asn: "ASN",
  pop: "Location",
} as const;
export type PeerSort = keyof typeof PEER_SORTS;

/**
 * Members per page of /peers. Rendering the cards is most of what a page costs the server (about a
 * quarter of a millisecond each when measured), so a page shows a screenful or two, not the whole IX.
 */
export const PEER_PAGE_SIZE = 25;

/**
 * The query string of /peers (a GET form and page links, so it works without JavaScript). A value that
 * does not parse falls back to its default: a stale or hand-edited link still shows a page.
 */
export const peerListQuerySchema = z.object({
  q: freeText({ max: 200 }).catch(""),
  sort: z.enum(Object.keys(PEER_SORTS) as [PeerSort, ...PeerSort[]]).catch("name"),
  page: wholeNumber(1, 1_000_000).catch(1),
});
export type PeerListQuery = z.infer<typeof peerListQuerySchema>;

/** The lowercased text a search looks in: name, website, ASN (with "as"), AS-SET, addresses, POPs and tunnel types. */
export function peerSearchText(peer: PublicPeer): string {
  return [
    peer.name,
    peer.website ?? "",
    ...peer.asns.flatMap((a) => [`as${a.asn}`, a.asSet ?? "", ...a.addresses.map((ip) => ip.address)]),
    ...peer.connections.flatMap((c) => [c.locationCode, c.city, c.country, c.type]),
  ]
    .join(" ")
    .toLowerCase();
}

export const queryWords = (query: string): string[] => query.toLowerCase().split(/\s+/).filter(Boolean);

/** Every word of the query must appear somewhere in the peer's search text. */
export const matchesWords = (searchText: string, words: readonly string[]): boolean => words.every((word) => searchText.includes(word));

export function filterPeers(peers: readonly PublicPeer[], query: string): PublicPeer[] {
  const words = queryWords(query);
  return peers.filter((peer) => matchesWords(peerSearchText(peer), words));
}

/** A member counts as up when any of its route-server addresses has a session up. */
export const hasSessionUp = (peer: PublicPeer): boolean =>
  peer.asns.some((asn) => asn.routeServerClient && asn.addresses.some((ip) => ip.routeServerSession === "up"));

const firstAsn = (peer: PublicPeer) => Math.min(...peer.asns.map((a) => a.asn));
const firstPop = (peer: PublicPeer) => peer.connections.map((c) => c.locationCode).sort()[0];

/** Peers without a known location go last. */
function byPop(a: PublicPeer, b: PublicPeer): number {
  const [popA, popB] = [firstPop(a), firstPop(b)];
  if (popA === undefined || popB === undefined) return Number(popA === undefined) - Number(popB === undefined);
  return popA.localeCompare(popB);
}

/** Case-insensitive, numbers as numbers ("Net 9" before "Net 10"). */
const nameOrder = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

export function sortPeers(peers: readonly PublicPeer[], sort: PeerSort): PublicPeer[] {
  const byName = (a: PublicPeer, b: PublicPeer) => nameOrder.compare(a.name, b.name);
  const compare: Record<PeerSort, (a: PublicPeer, b: PublicPeer) => number> = {
    name: byName,
    asn: (a, b) => firstAsn(a) - firstAsn(b),
    pop: (a, b) => byPop(a, b) || byName(a, b),
  };
  return [...peers].sort(compare[sort]);
}

/** The page numbers a list of `total` items has, and the requested page moved into that range. */
export function pageWindow(total: number, requested: number, pageSize: number): { page: number; pages: number; offset: number } {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, requested), pages);
  return { page, pages, offset: (page - 1) * pageSize };
}
