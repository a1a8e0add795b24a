import type { Metadata } from "next";
import { RouteServerForm } from "@/components/admin/route-server-form";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { routeServerFormOptions } from "@/server/routeserver/form-options";

export const metadata: Metadata = { title: "Add a route server" };

export default async function NewRouteServerPage() {
  await requireRole("volunteer", "/admin/route-servers/new");
  const options = await routeServerFormOptions(getDb());
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold text-brand-900">Add a route server</h1>
      <RouteServerForm {...options} defaultAsn={env().IX_ASN} />
    </section>
  );
}
