import type { Metadata } from "next";
import { LanForm } from "@/components/admin/lan-form";
import { requireRole } from "@/server/auth/guard";

export const metadata: Metadata = { title: "Add a peering LAN" };

export default async function NewLanPage() {
  await requireRole("volunteer", "/admin/lans/new");
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold text-brand-900">Add a peering LAN</h1>
      <LanForm />
    </section>
  );
}
