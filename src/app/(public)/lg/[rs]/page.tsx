import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AsPathGraphView } from "@/components/lookingglass/as-path-graph";
import { NotReachable, RoutesTable } from "@/components/lookingglass/lg-parts";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/section";
import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { NotFoundError } from "@/server/errors";
import { asPathGraph } from "@/server/lookingglass/as-path-graph";
import { clientAllowed, lgViewer } from "@/server/lookingglass/api";
import { lgAccess, lgRouteServer, lgState, prefixQuerySchema, readPrefixRoutes, readProtocols, visiblePrefixRoutes } from "@/server/lookingglass/service";
import { lgSessionsPage, lgSessionsQuerySchema, type LgSessionSort, type LgSessionsPage, type LgSessionsQuery } from "@/server/lookingglass/sessions";
import { Pager } from "@/components/pager";
import { parseQueryLeniently } from "@/shared/validation/table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Looking glass" };

const HEADERS: [string, LgSessionSort | null][] = [["Member", "name"], ["ASN", "asn"], ["Neighbor", null], ["State", "state"], ["Since (UTC)", null], ["Imported", "imported"], ["Filtered", "filtered"], ["Exported", null]];

async function load(name: string) {
  try {
    return await lgRouteServer(getDb(), name);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

/** This page's URL with the sessions' search, sort and page (defaults left out). */
function sessionsHref(base: string, query: LgSessionsQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.sort !== "name") params.set("sort", query.sort);
  if (query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return `${base}${search ? `?${search}` : ""}#protocols`;
}

export default async function RouteServerPage({
  params,
  searchParams,
}: {
  params: Promise<{ rs: string }>;
  searchParams: Promise<{ prefix?: string; exact?: string; q?: string; sort?: string; page?: string }>;
}) {
  const { rs: name } = await params;
  const search = await searchParams;
  const { prefix: prefixText, exact } = search;
  const sessionsQuery = parseQueryLeniently(lgSessionsQuerySchema, { q: search.q, sort: search.sort, page: search.page });
  const db = getDb();
  const settings = env();
  const viewer = await lgViewer();
  const routeServer = await load(decodeURIComponent(name));
  const publicAccess = lgAccess(viewer, settings.LG_PUBLIC, null);
  if (!publicAccess.protocols) notFound();
  if (!(await clientAllowed({ headers: await headers() }))) {
    return <p role="alert">Too many looking-glass requests from your address; please wait a minute.</p>;
  }
  const prefix = prefixText ? prefixQuerySchema.safeParse(prefixText) : null;
  const canLookUp = publicAccess.accepted || viewer.kind !== "public";
  // Both reads at once, so a route server that does not answer costs one timeout, not two.
  const [protocols, lookup] = await Promise.all([
    lgState(() => readProtocols(db, routeServer, settings)),
    prefix?.success && canLookUp
      ? lgState(() => readPrefixRoutes(db, routeServer, settings, prefix.data, exact === "1", viewer.kind !== "public" || settings.LG_PUBLIC === "full", viewer))
      : null,
  ]);
  const base = `/lg/${encodeURIComponent(routeServer.name)}`;

  return (
    <div className="space-y-8">
      <PageHeader title={`Looking glass: ${routeServer.name}`}>
        Route server AS{routeServer.asn} at {[routeServer.ipv4Address, routeServer.ipv6Address].filter(Boolean).join(" and ")}.{" "}
        <Link href="/lg" className="text-brand-700 underline">
          All route servers
        </Link>
      </PageHeader>

      <Section id="lookup" title="Prefix lookup">
        {canLookUp ? (
          <form method="get" action={base} className="flex flex-wrap items-end gap-3 text-sm">
            <label className="flex flex-col">
              Prefix or address
              <input name="prefix" defaultValue={prefixText ?? ""} placeholder="203.0.113.0/24" className="rounded border border-slate-300 px-2 py-1 font-mono" />
            </label>
            <label className="flex items-center gap-1">
              <input type="checkbox" name="exact" value="1" defaultChecked={exact === "1"} /> exact match only (otherwise longest match)
            </label>
            <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 font-medium text-white">
              Look up
            </button>
          </form>
        ) : (
          <p className="text-sm text-slate-600">This IX publishes route counts only.</p>
        )}
        {prefix && !prefix.success && <p role="alert" className="text-sm text-red-700">{prefix.error.issues[0]?.message}</p>}
        {lookup && !lookup.reachable && <NotReachable state={lookup} />}
        {lookup?.reachable && prefix?.success && (
          <PrefixResult routeServer={routeServer} lookup={lookup.value} prefix={prefix.data.text} viewer={viewer} publish={settings.LG_PUBLIC} />
        )}
      </Section>

      <Section id="protocols" title="Sessions">
        {!protocols.reachable ? (
          <NotReachable state={protocols} />
        ) : (
          <SessionsTable base={base} sessions={lgSessionsPage(protocols.value, sessionsQuery)} query={sessionsQuery} fetchedAt={protocols.fetchedAt} fromCache={protocols.fromCache} />
        )}
      </Section>
    </div>
  );
}

function SessionsTable({
  base,
  sessions,
  query: sessionsQuery,
  fetchedAt,
  fromCache,
}: {
  base: string;
  sessions: LgSessionsPage;
  query: LgSessionsQuery;
  fetchedAt: Date;
  fromCache: boolean;
}) {
  return (
    <>
      <form method="get" action={`${base}#protocols`} role="search" className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col">
          Search sessions
          <input name="q" type="search" defaultValue={sessionsQuery.q} maxLength={100} placeholder="Member, AS64500, address or state" className="w-72 rounded border border-slate-300 px-2 py-1" />
        </label>
        <input type="hidden" name="sort" value={sessionsQuery.sort} />
        <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 font-medium text-white">
          Search
        </button>
      </form>
      <p className="text-sm text-slate-600" aria-live="polite" data-testid="lg-session-summary">
        {sessions.established} of {sessions.total} sessions established
        {sessionsQuery.q ? ` · ${sessions.matching} matching` : ""}
        {sessions.matching > 0 ? ` · showing ${sessions.offset + 1}–${sessions.offset + sessions.rows.length}` : ""}
      </p>
      <p className="text-xs text-slate-500">
        Read from BIRD at {fetchedAt.toISOString().slice(11, 19)} UTC{fromCache ? " (cached)" : ""}.
      </p>
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-slate-600">
            {HEADERS.map(([label, key]) => (
              <th key={label} className="py-1 pr-3">
                {key ? (
                  <Link href={sessionsHref(base, { ...sessionsQuery, sort: key, page: 1 })} className={sessionsQuery.sort === key ? "font-semibold text-brand-900" : "underline"}>
                    {label}
                  </Link>
                ) : (
                  label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sessions.rows.map((protocol) => (
            <tr key={protocol.name} className="border-b border-slate-100" data-testid="lg-protocol">
              <td className="py-2 pr-3">
                <Link href={`${base}/${protocol.name}`} className="text-brand-700 underline">
                  {protocol.owner?.name ?? protocol.name}
                </Link>
              </td>
              <td className="py-2 pr-3">{protocol.neighborAs ? `AS${protocol.neighborAs}` : ""}</td>
              <td className="py-2 pr-3 font-mono">{protocol.neighborAddress}</td>
              <td className="py-2 pr-3">{protocol.bgpState ?? protocol.state}</td>
              <td className="py-2 pr-3 text-xs">{protocol.since?.toISOString().slice(0, 19).replace("T", " ")}</td>
              <td className="py-2 pr-3">{protocol.routes.imported}</td>
              <td className="py-2 pr-3">{protocol.routes.filtered}</td>
              <td className="py-2 pr-3">{protocol.routes.exported}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sessions.total === 0 && <p className="text-sm text-slate-600">No BGP sessions configured.</p>}
      {sessions.total > 0 && sessions.matching === 0 && <p className="text-sm text-slate-600">No session matches “{sessionsQuery.q}”.</p>}
      <Pager page={sessions.page} pages={sessions.pages} href={(page) => sessionsHref(base, { ...sessionsQuery, page })} />
    </>
  );
}

function PrefixResult({
  routeServer,
  lookup,
  prefix,
  viewer,
  publish,
}: {
  routeServer: { name: string; asn: number };
  lookup: Awaited<ReturnType<typeof readPrefixRoutes>>["value"];
  prefix: string;
  viewer: Awaited<ReturnType<typeof lgViewer>>;
  publish: ReturnType<typeof env>["LG_PUBLIC"];
}) {
  const routes = visiblePrefixRoutes(lookup, viewer, publish);
  const names = new Map([...lookup.owners.values()].map((owner) => [owner.asn, owner.name]));
  const graph = asPathGraph(routeServer, routes.filter((route) => !route.filtered), names);
  return (
    <div className="space-y-4">
      <RoutesTable routes={routes} testId="lg-prefix-route" />
      {graph.edges.length > 0 && <AsPathGraphView graph={graph} title={`AS paths ${routeServer.name} holds for ${prefix}`} />}
    </div>
  );
}
