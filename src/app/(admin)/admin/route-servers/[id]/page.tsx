import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { RouteServerForm } from "@/components/admin/route-server-form";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { routeServerFormOptions } from "@/server/routeserver/form-options";
import { getRouteServer } from "@/server/routeserver/manage";
import { findByIdOr404 } from "@/server/pages/find-by-id";

export const metadata: Metadata = { title: "Route server" };

export default async function RouteServerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRole("volunteer", `/admin/route-servers/${encodeURIComponent(id)}`);
  const routeServer = await findByIdOr404(id, (routeServerId) => getRouteServer(getDb(), routeServerId));
  const options = await routeServerFormOptions(getDb());
  return (
    <section className="space-y-4">
      <PageHeader title={routeServer.name} />
      <RouteServerForm routeServer={routeServer} {...options} defaultAsn={env().IX_ASN} />
    </section>
  );
}
