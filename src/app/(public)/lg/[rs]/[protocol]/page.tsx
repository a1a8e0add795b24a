import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AsPathGraphView } from "@/components/lookingglass/as-path-graph";
import { NotReachable, RoutesTable } from "@/components/lookingglass/lg-parts";
import { PageHeader } from "@/components/page-header";
import { Pager } from "@/components/pager";
import { Section } from "@/components/section";
import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { NotFoundError } from "@/server/errors";
import { asPathGraph } from "@/server/lookingglass/as-path-graph";
import { clientAllowed, lgViewer } from "@/server/lookingglass/api";
import { lgAccess, lgRouteServer, lgState, neighborOwners, protocolNameSchema, readNeighborRoutes } from "@/server/lookingglass/service";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Looking glass: neighbor" };

const PAGE_SIZE = 100;

export default async function NeighborPage({ params, searchParams }: { params: Promise<{ rs: string; protocol: string }>; searchParams: Promise<{ page?: string }> }) {
  const { rs: name, protocol: protocolParam } = await params;
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const protocol = protocolNameSchema.safeParse(protocolParam);
  if (!protocol.success) notFound();
  const db = getDb();
  const settings = env();
  const viewer = await lgViewer();
  const routeServer = await lgRouteServer(db, decodeURIComponent(name)).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const owner = (await neighborOwners(db, routeServer, { protocol: protocol.data })).get(protocol.data) ?? null;
  const access = lgAccess(viewer, settings.LG_PUBLIC, owner?.clientId ?? null);
  if (!access.protocols) notFound();
  if (!(await clientAllowed({ headers: await headers() }))) {
    return <p role="alert">Too many looking-glass requests from your address; please wait a minute.</p>;
  }
  const accepted = access.accepted ? await lgState(() => readNeighborRoutes(db, routeServer, settings, protocol.data, "accepted", viewer)) : null;
  const filtered = access.filtered && accepted?.reachable !== false ? await lgState(() => readNeighborRoutes(db, routeServer, settings, protocol.data, "filtered", viewer)) : null;
  const base = `/lg/${encodeURIComponent(routeServer.name)}`;
  const graph = accepted?.reachable ? asPathGraph(routeServer, accepted.value, owner ? new Map([[owner.asn, owner.name]]) : new Map()) : null;
  const pages = accepted?.reachable ? Math.max(1, Math.ceil(accepted.value.length / PAGE_SIZE)) : 1;

  return (
    <div className="space-y-8">
      <PageHeader title={owner ? `${owner.name} (AS${owner.asn}) on ${routeServer.name}` : `${protocol.data} on ${routeServer.name}`}>
        Session {protocol.data}
        {owner ? ` with ${owner.address}` : ""}.{" "}
        <Link href={base} className="text-brand-700 underline">
          All sessions of {routeServer.name}
        </Link>
      </PageHeader>
      {!access.accepted && <p className="text-slate-700">This IX publishes route counts only; see the sessions table.</p>}
      {accepted && (
        <Section id="accepted" title="Accepted routes">
          {!accepted.reachable ? (
            <NotReachable state={accepted} />
          ) : (
            <>
              <p className="text-sm text-slate-600">
                {accepted.value.length} routes{pages > 1 ? `, page ${page} of ${pages}` : ""}.
              </p>
              <RoutesTable routes={accepted.value.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)} testId="lg-accepted-route" />
              <Pager page={page} pages={pages} href={(p) => `?page=${p}`} />
            </>
          )}
        </Section>
      )}
      {filtered && (
        <Section id="filtered" title="Filtered routes">
          {!filtered.reachable ? <NotReachable state={filtered} /> : <RoutesTable routes={filtered.value} testId="lg-filtered-route" />}
        </Section>
      )}
      {!access.filtered && access.accepted && <p className="text-sm text-slate-600">Filtered routes are shown to the member and the IX&apos;s volunteers only.</p>}
      {graph && graph.edges.length > 0 && (
        <Section id="graph" title="AS-path graph">
          <AsPathGraphView graph={graph} title={`AS paths of the routes ${routeServer.name} accepted from this session`} />
        </Section>
      )}
    </div>
  );
}
