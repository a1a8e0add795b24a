import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LocationForm } from "@/components/admin/location-form";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { getLocation, listLocations } from "@/server/locations/queries";
import { idSchema } from "@/shared/validation/form";

export const metadata: Metadata = { title: "Edit POP" };

export default async function EditLocationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRole("volunteer", `/admin/locations/${encodeURIComponent(id)}`);
  const parsed = idSchema.safeParse(id);
  const location = parsed.success ? await getLocation(getDb(), parsed.data) : null;
  if (!location) notFound();
  const uplinks = (await listLocations(getDb())).filter((l) => l.mode === "full");
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold text-brand-900">
        {location.code}: {location.name}
      </h1>
      <LocationForm location={location} uplinks={uplinks} />
    </section>
  );
}
