import type { PublicPeer } from "@/server/directory/peers";

/** Search and sort for the public peer list: pure, so the browser and tests share it. */

export const PEER_SORTS = {
  name: "Name",
  asn: "ASN",
  pop: "Location",
} as const;
export type PeerSort = keyof typeof PEER_SORTS;

function haystack(peer: PublicPeer): string {
  return [
    peer.name,
    peer.website ?? "",
    ...peer.asns.flatMap((a) => [`as${a.asn}`, a.asSet ?? "", ...a.addresses.map((ip) => ip.address)]),
    ...peer.connections.flatMap((c) => [c.locationCode, c.city, c.country, c.type]),
  ]
    .join(" ")
    .toLowerCase();
}

/** Every word of the query must appear somewhere: name, ASN (with or without "AS"), address, AS-SET, POP or tunnel type. */
export function filterPeers(peers: readonly PublicPeer[], query: string): PublicPeer[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...peers];
  return peers.filter((peer) => {
    const text = haystack(peer);
    return words.every((word) => text.includes(word));
  });
}

const firstAsn = (peer: PublicPeer) => Math.min(...peer.asns.map((a) => a.asn));
const firstPop = (peer: PublicPeer) => peer.connections.map((c) => c.locationCode).sort()[0];

/** Peers without a known location go last. */
function byPop(a: PublicPeer, b: PublicPeer): number {
  const [popA, popB] = [firstPop(a), firstPop(b)];
  if (popA === undefined || popB === undefined) return Number(popA === undefined) - Number(popB === undefined);
  return popA.localeCompare(popB);
}

export function sortPeers(peers: readonly PublicPeer[], sort: PeerSort): PublicPeer[] {
  const byName = (a: PublicPeer, b: PublicPeer) => a.name.localeCompare(b.name, "en", { numeric: true, sensitivity: "base" });
  const compare: Record<PeerSort, (a: PublicPeer, b: PublicPeer) => number> = {
    name: byName,
    asn: (a, b) => firstAsn(a) - firstAsn(b),
    pop: (a, b) => byPop(a, b) || byName(a, b),
  };
  return [...peers].sort(compare[sort]);
}
