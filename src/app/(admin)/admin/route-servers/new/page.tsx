import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
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
      <PageHeader title="Add a route server" />
      <RouteServerForm {...options} defaultAsn={env().IX_ASN} />
    </section>
  );
}
