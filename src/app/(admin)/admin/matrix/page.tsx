import type { Metadata } from "next";
import { MemberPairsTable, MeshMatrixTable, RouteServerSessionsTable } from "@/components/connectivity-matrix";
import { Section } from "@/components/section";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { loadMeshMatrix, MESH_REPORT_STALE_MS } from "@/server/matrix/mesh-matrix";
import { loadMemberMatrix } from "@/server/matrix/member-matrix";

export const metadata: Metadata = { title: "Connectivity matrix" };
export const dynamic = "force-dynamic";

export default async function MatrixPage() {
  await requireRole("volunteer", "/admin/matrix");
  const [mesh, members] = await Promise.all([loadMeshMatrix(getDb()), loadMemberMatrix(getDb())]);
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-bold text-brand-900">Connectivity matrix</h1>
      <Section id="pops" title="POP to POP over the mesh">
        <p className="text-sm text-slate-600">
          Each tunnel server pings the far end of its mesh links once a second (<code>ixp agent probe-mesh</code>). Green: answering; amber: some probes lost;
          red: down; grey: no report in the last {MESH_REPORT_STALE_MS / 1000} s. Reload for the latest state.
        </p>
        <MeshMatrixTable matrix={mesh} />
      </Section>
      <Section id="route-servers" title="Members to route servers">
        <RouteServerSessionsTable matrix={members} />
      </Section>
      <Section id="pairs" title="Member to member (a random sample, new on each load)">
        <p className="text-sm text-slate-600">Composed from the ping monitor (each address answering) and the mesh links between the two members&apos; POPs.</p>
        <MemberPairsTable pairs={members.pairs} />
      </Section>
    </div>
  );
}
