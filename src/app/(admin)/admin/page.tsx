import type { Metadata } from "next";
import Link from "next/link";
import { ChecksList, MatchesList } from "@/components/requests/checks-list";
import { LanHygieneSection } from "@/components/admin/lan-hygiene";
import { OperatorDashboardView } from "@/components/diagnostics/operator-dashboard";
import { ApproveForm } from "@/components/requests/decision-forms";
import { PROOF_LABELS } from "@/server/requests/proof/summary";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { ixfSettingsWarnings } from "@/server/ixf/queries";
import { recentDecisions, requestQueue, storedChecks } from "@/server/requests/queries";
import { TUNNEL_TYPE_LABELS } from "@/shared/enums";

export const metadata: Metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

const when = (value: Date | null) => (value ? value.toISOString().slice(0, 16).replace("T", " ") : "-");

export default async function RequestQueuePage() {
  await requireRole("volunteer", "/admin");
  const db = getDb();
  const [queue, decided] = await Promise.all([requestQueue(db), recentDecisions(db)]);
  return (
    <section className="space-y-6">
      {ixfSettingsWarnings().map((warning) => (
        <p key={warning} role="alert" className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          {warning}
        </p>
      ))}
      <h1 className="text-2xl font-bold text-brand-900">Dashboard</h1>
      <OperatorDashboardView />
      <h2 id="requests" className="text-xl font-bold text-brand-900">
        Peering requests{" "}
        <Link href="/admin/requests" className="text-sm font-normal text-brand-700 underline">
          all requests
        </Link>
      </h2>
      {queue.length === 0 && <p className="text-slate-600">No open requests.</p>}
      {queue.map((group) => (
        <article key={group.asn} className="space-y-3 rounded border border-slate-200 bg-white p-4" data-asn={group.asn}>
          <h2 className="text-lg font-semibold">
            AS{group.asn}
            {group.requests.length > 1 && <span className="ml-2 text-sm font-normal text-amber-800">{group.requests.length} requests for this ASN</span>}
          </h2>
          {group.requests.map((request) => (
            <div key={request.id} className="space-y-2 border-t border-slate-100 pt-2" data-request-id={request.id}>
              <p>
                <Link href={`/admin/requests/${request.id}`} className="font-medium text-brand-700 underline">
                  #{request.id} {request.networkName}
                </Link>{" "}
                <span className={`rounded px-1.5 text-xs ${request.state === "pending" ? "bg-green-100 text-green-900" : "bg-slate-100 text-slate-600"}`}>
                  {request.state === "pending" ? "email confirmed" : "email not confirmed"}
                </span>{" "}
                <span className={`rounded px-1.5 text-xs ${request.asnProof ? "bg-green-100 text-green-900" : "bg-amber-100 text-amber-900"}`} data-testid="queue-proof">
                  {request.asnProof ? `ASN proven: ${PROOF_LABELS[request.asnProof]}` : "no proof of ASN"}
                </span>
              </p>
              <p className="text-sm text-slate-600">
                {request.contactEmail} · {TUNNEL_TYPE_LABELS[request.tunnelType]} at {request.locationCode} · {request.wantsIpv4 ? "IPv4 + IPv6" : "IPv6 only"} · sent{" "}
                {when(request.createdAt)}
              </p>
              <ChecksList results={storedChecks(request.checks).results} />
              {request.state === "pending" && <ApproveForm requestId={request.id} label={`Approve request #${request.id}`} needsOverride={!request.asnProof} />}
            </div>
          ))}
          <div>
            <h3 className="text-sm font-semibold text-slate-700">Matches</h3>
            <MatchesList matches={group.matches} />
          </div>
        </article>
      ))}
      {decided.length > 0 && (
        <div className="space-y-2">
          <h2 className="text-lg font-semibold">Recently decided</h2>
          <ul className="text-sm">
            {decided.map((request) => (
              <li key={request.id}>
                <Link href={`/admin/requests/${request.id}`} className="text-brand-700 underline">
                  #{request.id} {request.networkName} (AS{request.asn})
                </Link>{" "}
                {request.state} {when(request.reviewedAt)} {request.reviewerEmail ? `by ${request.reviewerEmail}` : ""}
              </li>
            ))}
          </ul>
        </div>
      )}
      <LanHygieneSection />
    </section>
  );
}
