import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { lgViewer } from "@/server/lookingglass/api";
import { lgAccess, lgRouteServers } from "@/server/lookingglass/service";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Looking glass" };

export default async function LookingGlassPage() {
  const viewer = await lgViewer();
  const published = lgAccess(viewer, env().LG_PUBLIC, null).protocols;
  const routeServers = published ? await lgRouteServers(getDb()) : [];
  return (
    <section className="space-y-6">
      <PageHeader title="Looking glass">
        What our route servers hold right now, read from BIRD: the sessions with their route counts, each neighbor&apos;s
        routes and a prefix lookup with the AS paths as a graph. Members see their own filtered routes and why on the{" "}
        <Link href="/portal" className="text-brand-700 underline">
          member portal
        </Link>
        .
      </PageHeader>
      {!published && <p className="text-slate-700">This IX does not publish its looking glass. Members sign in to see their own sessions.</p>}
      <ul className="space-y-2" data-testid="lg-route-servers">
        {routeServers.map((rs) => (
          <li key={rs.id}>
            <Link href={`/lg/${encodeURIComponent(rs.name)}`} className="font-medium text-brand-700 underline">
              {rs.name}
            </Link>{" "}
            <span className="text-sm text-slate-600">
              AS{rs.asn} · {[rs.ipv4Address, rs.ipv6Address].filter(Boolean).join(" · ")}
            </span>
          </li>
        ))}
      </ul>
      {published && routeServers.length === 0 && <p className="text-slate-700">No route servers are configured yet.</p>}
    </section>
  );
}
