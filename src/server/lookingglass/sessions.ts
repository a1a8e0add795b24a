import { z } from "zod";
import { pageWindow } from "@/shared/directory/peer-search";
import type { LgProtocol } from "./service";

/**
 * Pure: one page of a route server's sessions for /lg/<rs>, searched, sorted and paged on the server (a route
 * server of a large IX has thousands; the page shows LG_SESSIONS_PAGE_SIZE). Each sort order of one BIRD answer
 * is computed once (the answer's session list is shared while it is cached).
 */

export const LG_SESSIONS_PAGE_SIZE = 50;

const bgpStateOf = (p: LgProtocol) => p.bgpState ?? p.state;

export const LG_SESSION_SORTS = {
  name: (a: LgProtocol, b: LgProtocol) => (a.owner?.name ?? a.name).localeCompare(b.owner?.name ?? b.name) || a.name.localeCompare(b.name),
  asn: (a: LgProtocol, b: LgProtocol) => (a.neighborAs ?? 0) - (b.neighborAs ?? 0) || a.name.localeCompare(b.name),
  state: (a: LgProtocol, b: LgProtocol) => bgpStateOf(a).localeCompare(bgpStateOf(b)) || a.name.localeCompare(b.name),
  imported: (a: LgProtocol, b: LgProtocol) => b.routes.imported - a.routes.imported || a.name.localeCompare(b.name),
  filtered: (a: LgProtocol, b: LgProtocol) => b.routes.filtered - a.routes.filtered || a.name.localeCompare(b.name),
} as const;
export type LgSessionSort = keyof typeof LG_SESSION_SORTS;

export const lgSessionsQuerySchema = z.object({
  q: z.string().trim().max(100, "must be at most 100 characters").default(""),
  sort: z.enum(Object.keys(LG_SESSION_SORTS) as [LgSessionSort, ...LgSessionSort[]]).default("name"),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
});
export type LgSessionsQuery = z.output<typeof lgSessionsQuerySchema>;

const orders = new WeakMap<readonly LgProtocol[], Map<LgSessionSort, LgProtocol[]>>();

function sortedBy(protocols: readonly LgProtocol[], sort: LgSessionSort): LgProtocol[] {
  let bySort = orders.get(protocols);
  if (!bySort) orders.set(protocols, (bySort = new Map()));
  let sorted = bySort.get(sort);
  if (!sorted) bySort.set(sort, (sorted = [...protocols].sort(LG_SESSION_SORTS[sort])));
  return sorted;
}

/** What a search matches: member name, AS number (with or without "AS"), neighbor address, session name and state. */
const searchText = (p: LgProtocol) => [p.owner?.name ?? "", p.neighborAs === null ? "" : `as${p.neighborAs}`, p.neighborAddress ?? "", p.name, bgpStateOf(p)].join(" ").toLowerCase();

export interface LgSessionsPage {
  rows: LgProtocol[];
  /** Sessions in all, established ones among them, and how many match the search. */
  total: number;
  established: number;
  matching: number;
  page: number;
  pages: number;
  offset: number;
}

export function lgSessionsPage(protocols: readonly LgProtocol[], query: LgSessionsQuery, pageSize = LG_SESSIONS_PAGE_SIZE): LgSessionsPage {
  const words = query.q.toLowerCase().split(/\s+/).filter(Boolean);
  const ordered = sortedBy(protocols, query.sort);
  const matches = words.length === 0 ? ordered : ordered.filter((p) => words.every((word) => searchText(p).includes(word)));
  const { page, pages, offset } = pageWindow(matches.length, query.page, pageSize);
  return {
    rows: matches.slice(offset, offset + pageSize),
    total: protocols.length,
    established: protocols.filter((p) => p.bgpState === "Established").length,
    matching: matches.length,
    page,
    pages,
    offset,
  };
}
