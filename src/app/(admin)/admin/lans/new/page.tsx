import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { LanForm } from "@/components/admin/lan-form";
import { requireRole } from "@/server/auth/guard";

export const metadata: Metadata = { title: "Add a peering LAN" };

export default async function NewLanPage() {
  await requireRole("volunteer", "/admin/lans/new");
  return (
    <section className="space-y-4">
      <PageHeader title="Add a peering LAN" />
      <LanForm />
    </section>
  );
}
