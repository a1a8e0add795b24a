import type { Metadata } from "next";
import { MemberPairsTable, RouteServerSessionsTable } from "@/components/connectivity-matrix";
import { Section } from "@/components/section";
import { getDb } from "@/server/db/client";
import { loadMemberMatrix } from "@/server/matrix/member-matrix";
import { portalClient } from "@/server/members/portal-client";

export const metadata: Metadata = { title: "Who can you reach" };
export const dynamic = "force-dynamic";

export default async function ReachPage({ searchParams }: { searchParams: Promise<{ client?: string }> }) {
  const { client: requested } = await searchParams;
  const { clientId } = await portalClient(requested, "/portal/reach");
  if (clientId === null) return <p className="text-slate-700">Your account is not linked to a member network yet.</p>;
  const matrix = await loadMemberMatrix(getDb(), { clientId });
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-bold text-brand-900">Who can you reach over the LAN</h1>
      <Section id="route-servers" title="Your sessions with the route servers">
        <RouteServerSessionsTable matrix={matrix} />
      </Section>
      <Section id="members" title="Other members">
        <p className="text-sm text-slate-600">From the IX&apos;s ping monitor (your address and theirs answering) and the links between the POPs you are both connected at.</p>
        <MemberPairsTable pairs={matrix.pairs} />
      </Section>
    </div>
  );
}
