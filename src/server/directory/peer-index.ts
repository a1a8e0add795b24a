import { sql } from "drizzle-orm";
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

/**
 * The public directory kept in memory, so /peers costs one tiny query per request instead of reading
 * every member. It is rebuilt when the data behind it changed:
 * - every write to the tables /peers reads (clients, asns, ips, connections, locations) goes through
 *   Drizzle, which sets updated_at, and rows of these tables are never deleted; so the newest updated_at
 *   of each table (one index lookup each) changes with anything /peers shows, whichever process wrote it
 *   (web, worker, CLI);
 * - a writer's clock runs behind another's, or a long transaction commits a timestamp older than the
 *   newest: then the change could go unseen, so nothing is kept longer than MAX_AGE_MS either way.
 */
const MAX_AGE_MS = 60_000;

interface PeerIndex {
  version: string;
  builtAt: number;
  total: number;
  withSessionUp: number;
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

const VERSIONED_TABLES = [clients, asns, ips, connections, locations];

/** The newest updated_at of every table behind the directory (indexed: no table is scanned). */
async function directoryVersion(db: Executor): Promise<string> {
  const columns = sql.join(
    VERSIONED_TABLES.map((table) => sql`(select max(${table.updatedAt}) from ${table})`),
    sql`, `,
  );
  const [rows] = (await db.execute(sql`select concat_ws('|', ${columns}) as version`)) as unknown as [Array<{ version: string | null }>];
  return rows[0]?.version ?? "";
}

async function buildIndex(db: Executor, version: string): Promise<PeerIndex> {
  const builtAt = Date.now();
  const peers = await listPublicPeers(db);
  const sorts = Object.keys(PEER_SORTS) as PeerSort[];
  return {
    version,
    builtAt,
    total: peers.length,
    withSessionUp: peers.filter(hasSessionUp).length,
    orders: Object.fromEntries(sorts.map((sort) => [sort, sortPeers(peers, sort)])) as Record<PeerSort, PublicPeer[]>,
    searchText: new Map(peers.map((peer) => [peer.key, peerSearchText(peer)])),
  };
}

/** Per database handle (tests run several): the last index, and the build under way, which concurrent requests share. */
const indexes = new WeakMap<Executor, { current?: PeerIndex; building?: { version: string; index: Promise<PeerIndex> } }>();

async function publicPeerIndex(db: Executor): Promise<PeerIndex> {
  let state = indexes.get(db);
  if (!state) indexes.set(db, (state = {}));
  // Read the version before the data: a write that lands in between is seen by the next request.
  const version = await directoryVersion(db);
  const { current, building } = state;
  if (current?.version === version && Date.now() - current.builtAt < MAX_AGE_MS) return current;
  if (building?.version === version) return building.index;
  const index = buildIndex(db, version);
  const entry = { version, index };
  state.building = entry;
  try {
    const built = await index;
    if (!state.current || state.current.builtAt <= built.builtAt) state.current = built;
    return built;
  } finally {
    if (state.building === entry) state.building = undefined;
  }
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
