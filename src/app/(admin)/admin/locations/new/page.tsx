import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { LocationForm } from "@/components/admin/location-form";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { listLocations } from "@/server/locations/queries";

export const metadata: Metadata = { title: "Add a POP" };

export default async function NewLocationPage() {
  await requireRole("volunteer", "/admin/locations/new");
  const uplinks = (await listLocations(getDb())).filter((l) => l.mode === "full");
  return (
    <section className="space-y-4">
      <PageHeader title="Add a POP" />
      <LocationForm uplinks={uplinks} />
    </section>
  );
}
