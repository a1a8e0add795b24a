import type { Metadata } from "next";
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
      <h1 className="text-2xl font-bold text-brand-900">Add a POP</h1>
      <LocationForm uplinks={uplinks} />
    </section>
  );
}
