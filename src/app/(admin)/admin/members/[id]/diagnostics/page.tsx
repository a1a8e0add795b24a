import type { Metadata } from "next";
import Link from "next/link";
import { DiagnosticsView } from "@/components/diagnostics/diagnostics-view";
import { PageHeader } from "@/components/page-header";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { memberDiagnostics } from "@/server/diagnostics/facts";
import { findByIdOr404 } from "@/server/pages/find-by-id";

export const metadata: Metadata = { title: "Member diagnostics" };
export const dynamic = "force-dynamic";

export default async function MemberDiagnosticsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRole("volunteer", `/admin/members/${encodeURIComponent(id)}/diagnostics`);
  const facts = await findByIdOr404(id, (clientId) => memberDiagnostics(getDb(), clientId));
  return (
    <div className="space-y-6">
      <PageHeader title={`Diagnostics: ${facts.name}`}>
        What the member sees on their diagnostics page.{" "}
        <Link href={`/admin/members/${facts.clientId}`} className="text-brand-700 underline">
          Back to the member
        </Link>
      </PageHeader>
      <DiagnosticsView facts={facts} />
    </div>
  );
}
