import { Pager } from "@/components/pager";
import { peersAsJson, type PeerPage } from "@/server/directory/peer-index";
import { PEER_SORTS, type PeerListQuery } from "@/shared/directory/peer-search";
import { PeerCards } from "./peer-cards";
import { PeerSearchForm } from "./peer-search-form";

/** Link to another page of the same search and order. */
function pageHref(query: PeerListQuery, page: number): string {
  const params = new URLSearchParams({ ...(query.q ? { q: query.q } : {}), ...(query.sort !== "name" ? { sort: query.sort } : {}), page: String(page) });
  return `/peers?${params}`;
}

/** One page of the directory, rendered on the server; the search form and page links work without JavaScript. */
export function PeerDirectory({ result, query }: { result: PeerPage; query: PeerListQuery }) {
  const first = result.offset + 1;
  const last = result.offset + result.peers.length;
  return (
    <div className="space-y-4">
      <PeerSearchForm q={query.q} sort={query.sort} sorts={PEER_SORTS} />
      <p className="text-sm text-slate-600" aria-live="polite">
        {`${result.matching} of ${result.total} members · ${result.withSessionUp} with a route-server session up`}
        {result.pages > 1 && ` · showing ${first}–${last}`}
      </p>
      {result.peers.length === 0 && query.q && <p className="text-slate-700">No member matches “{query.q}”.</p>}
      <PeerCards peersJson={peersAsJson(result.peers)} />
      <Pager page={result.page} pages={result.pages} href={(page) => pageHref(query, page)} />
    </div>
  );
}
