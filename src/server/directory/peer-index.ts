import type { Executor } from "@/server/db/client";
import { asns, clients, connections, ips, locations } from "@/server/db/schema";
import {
  hasSessionUp,
  matchesWords,
  PEER_PAGE_SIZE,
  PEER_SORTS,
  pageWindow,
  peerSearchText,
  queryWords,
  sortPeers,
  type PeerListQuery,
  type PeerSort,
} from "@/shared/directory/peer-search";
import { listPublicPeers, type PublicPeer } from "./peers";
import { versionCheck, versionedCache, type VersionSource } from "@/server/db/versioned-cache";

/**
 * The public directory kept in memory, so /peers (and the member counts of / and /locations) cost one
 * tiny query per request instead of reading every member. It is rebuilt when the data behind it changed:
 * every write to the tables it reads (clients, asns, ips, connections, locations) goes through Drizzle,
 * which sets updated_at, and rows of these tables are never deleted; so the newest updated_at of each
 * table changes with anything the directory shows, whichever process wrote it (web, worker, CLI).
 * Nothing is kept longer than a minute either way (see versionedCache).
 */
export const DIRECTORY_SOURCES: readonly VersionSource[] = [clients, asns, ips, connections, locations].map((table) => [table, table.updatedAt] as const);

interface PeerIndex {
  total: number;
  asns: number;
  withSessionUp: number;
  /** Public members with a (not decommissioned) connection at each POP, by POP code. */
  membersByLocation: Map<string, number>;
  /** Each sort order computed once per build; search texts by peer key. */
  orders: Record<PeerSort, PublicPeer[]>;
  searchText: Map<number, string>;
}

export interface PeerPage {
  peers: PublicPeer[];
  /** Public members in all, and how many of them match the search. */
  total: number;
  matching: number;
  withSessionUp: number;
  page: number;
  pages: number;
  /** Position of the first peer shown among the matches (0-based). */
  offset: number;
}

async function buildIndex(db: Executor): Promise<PeerIndex> {
  const peers = await listPublicPeers(db);
  const sorts = Object.keys(PEER_SORTS) as PeerSort[];
  const membersByLocation = new Map<string, number>();
  for (const peer of peers) {
    for (const code of new Set(peer.connections.map((c) => c.locationCode))) membersByLocation.set(code, (membersByLocation.get(code) ?? 0) + 1);
  }
  return {
    total: peers.length,
    asns: peers.reduce((n, peer) => n + peer.asns.length, 0),
    withSessionUp: peers.filter(hasSessionUp).length,
    membersByLocation,
    orders: Object.fromEntries(sorts.map((sort) => [sort, sortPeers(peers, sort)])) as Record<PeerSort, PublicPeer[]>,
    searchText: new Map(peers.map((peer) => [peer.key, peerSearchText(peer)])),
  };
}

/** The longest anything built from the directory is kept, whatever its version says (see versionedCache). */
export const DIRECTORY_MAX_AGE_MS = 60_000;

/** The directory's version: it changes with anything /peers shows. */
export const directoryVersion = versionCheck(DIRECTORY_SOURCES);

const publicPeerIndex = versionedCache({ sources: DIRECTORY_SOURCES, build: buildIndex, maxAgeMs: DIRECTORY_MAX_AGE_MS });

/** How many members and ASNs are public, and how many public members each POP has (from the same index as /peers). */
export async function publicDirectorySummary(db: Executor): Promise<{ members: number; asns: number; membersByLocation: ReadonlyMap<string, number> }> {
  const { total, asns, membersByLocation } = await publicPeerIndex(db);
  return { members: total, asns, membersByLocation };
}

/** One page of /peers: the members matching the search, in the chosen order. */
export async function findPublicPeers(db: Executor, query: PeerListQuery, pageSize = PEER_PAGE_SIZE): Promise<PeerPage> {
  const index = await publicPeerIndex(db);
  const words = queryWords(query.q);
  const ordered = index.orders[query.sort];
  const matches = words.length === 0 ? ordered : ordered.filter((peer) => matchesWords(index.searchText.get(peer.key) ?? "", words));
  const { page, pages, offset } = pageWindow(matches.length, query.page, pageSize);
  return {
    peers: matches.slice(offset, offset + pageSize),
    total: index.total,
    matching: matches.length,
    withSessionUp: index.withSessionUp,
    page,
    pages,
    offset,
  };
}

const peerJson = new WeakMap<PublicPeer, string>();

/**
 * A page's peers as one JSON text, for the client component that renders the cards. React's RSC payload
 * handles one string far faster than the ~30 values of each peer (serialised per request, then parsed again
 * for the HTML); each peer's JSON is made once per index build, as the peer objects are the index's own.
 */
export function peersAsJson(peers: readonly PublicPeer[]): string {
  return `[${peers
    .map((peer) => {
      let json = peerJson.get(peer);
      if (json === undefined) peerJson.set(peer, (json = JSON.stringify(peer)));
      return json;
    })
    .join(",")}]`;
}
