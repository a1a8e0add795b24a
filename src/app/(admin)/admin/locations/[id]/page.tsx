import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { EnforceMacsSection } from "@/components/admin/lan-hygiene";
import { LocationForm } from "@/components/admin/location-form";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { getLocation, listLocations } from "@/server/locations/queries";
import { findByIdOr404 } from "@/server/pages/find-by-id";

export const metadata: Metadata = { title: "Edit POP" };

export default async function EditLocationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRole("volunteer", `/admin/locations/${encodeURIComponent(id)}`);
  const location = await findByIdOr404(id, (locationId) => getLocation(getDb(), locationId));
  const uplinks = (await listLocations(getDb())).filter((l) => l.mode === "full");
  return (
    <section className="space-y-4">
      <PageHeader title={`${location.code}: ${location.name}`} />
      <LocationForm location={location} uplinks={uplinks} />
      <EnforceMacsSection locationId={location.id} />
    </section>
  );
}
