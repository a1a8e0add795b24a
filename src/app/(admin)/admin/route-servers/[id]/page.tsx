import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RouteServerForm } from "@/components/admin/route-server-form";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { routeServerFormOptions } from "@/server/routeserver/form-options";
import { getRouteServer } from "@/server/routeserver/manage";
import { idSchema } from "@/shared/validation/form";

export const metadata: Metadata = { title: "Route server" };

export default async function RouteServerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRole("volunteer", `/admin/route-servers/${encodeURIComponent(id)}`);
  const parsed = idSchema.safeParse(id);
  const routeServer = parsed.success ? await getRouteServer(getDb(), parsed.data) : null;
  if (!routeServer) notFound();
  const options = await routeServerFormOptions(getDb());
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold text-brand-900">{routeServer.name}</h1>
      <RouteServerForm routeServer={routeServer} {...options} defaultAsn={env().IX_ASN} />
    </section>
  );
}
