import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DiagnosticsView } from "@/components/diagnostics/diagnostics-view";
import { PageHeader } from "@/components/page-header";
import { getDb } from "@/server/db/client";
import { memberDiagnostics } from "@/server/diagnostics/facts";
import { portalClient } from "@/server/members/portal-client";

export const metadata: Metadata = { title: "Diagnostics" };
export const dynamic = "force-dynamic";

export default async function PortalDiagnosticsPage({ searchParams }: { searchParams: Promise<{ client?: string }> }) {
  const { client: requested } = await searchParams;
  const { clientId } = await portalClient(requested, "/portal/diagnostics");
  if (clientId === null) notFound();
  const facts = await memberDiagnostics(getDb(), clientId);
  if (!facts) notFound();
  return (
    <div className="space-y-6">
      <PageHeader title={`Diagnostics: ${facts.name}`}>Is your connection up, and if not, where to look: tunnel, BGP session or filtered routes.</PageHeader>
      <DiagnosticsView facts={facts} />
    </div>
  );
}
