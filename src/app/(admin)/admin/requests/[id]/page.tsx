import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChecksList, MatchesList } from "@/components/requests/checks-list";
import { ApproveForm, RejectForm } from "@/components/requests/decision-forms";
import { requireRole } from "@/server/auth/guard";
import { getDb } from "@/server/db/client";
import { PROOF_LABELS, proofLevel } from "@/server/requests/proof/summary";
import { requestDetail } from "@/server/requests/queries";
import { TUNNEL_TYPE_LABELS } from "@/shared/enums";
import { utcMinute } from "@/shared/utc";

export const metadata: Metadata = { title: "Peering request" };
export const dynamic = "force-dynamic";

const when = (value: Date | null) => (value ? utcMinute(value) : "-");

/** What became of a decided request, so the page says it right after the decision and on every later visit. */
function Decision({ request }: { request: NonNullable<Awaited<ReturnType<typeof requestDetail>>> }) {
  const by = `${when(request.reviewedAt)}${request.reviewerEmail ? ` by ${request.reviewerEmail}` : ""}`;
  if (request.state === "approved") {
    return (
      <p role="status" className="rounded border border-green-200 bg-green-50 p-3 text-sm text-green-900">
        Approved {by}. The member has been emailed their addresses and tunnel details
        {request.clientId !== null && (
          <>
            {" "}
            (
            <Link href={`/admin/members/${request.clientId}`} className="underline">
              member #{request.clientId}
            </Link>
            )
          </>
        )}
        .
      </p>
    );
  }
  if (request.state === "rejected") {
    return (
      <p role="status" className="rounded border border-slate-200 bg-slate-50 p-3 text-sm text-slate-800">
        Rejected {by}. The reason has been emailed to the requester.
      </p>
    );
  }
  return null;
}

export default async function RequestDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireRole("volunteer", `/admin/requests/${id}`);
  const request = /^\d{1,9}$/.test(id) ? await requestDetail(getDb(), Number(id)) : null;
  if (!request) notFound();
  const rows: [string, React.ReactNode][] = [
    ["State", request.state],
    ["Network", request.networkName],
    ["ASN", `AS${request.asn}`],
    ["Contact", `${request.contactEmail} (${request.publishContact ? "may be published" : "private"})`],
    ["Website", request.website ?? "-"],
    ["POP", `${request.locationName} (${request.locationCode})`],
    ["Tunnel", TUNNEL_TYPE_LABELS[request.tunnelType]],
    ["Endpoint", request.remoteEndpoint ?? "-"],
    ["IPv4", request.wantsIpv4 ? "wanted" : "not wanted"],
    ["AS-SET", request.asSet ?? "-"],
    ["Comments", request.comments ?? "-"],
    ["Sent", `${when(request.createdAt)} from ${request.submitterIp ?? "-"}`],
    ["Email confirmed", when(request.verifiedAt)],
    [
      "Proof of ASN",
      <span key="proof" data-testid="proof-level">
        {PROOF_LABELS[proofLevel(request)]}
        {request.asnProofDetail ? `: ${request.asnProofDetail}` : ""}
        {request.asnProofAt ? ` (${when(request.asnProofAt)})` : ""}
      </span>,
    ],
    ["Reviewed", request.reviewedAt ? `${when(request.reviewedAt)}${request.reviewerEmail ? ` by ${request.reviewerEmail}` : ""}` : "-"],
  ];
  if (request.proofOverrideReason) rows.push(["Approved without proof because", request.proofOverrideReason]);
  if (request.rejectReason) rows.push(["Reject reason", request.rejectReason]);
  const open = request.state === "pending" || request.state === "unverified";
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-900">
        Request #{request.id}: {request.networkName}
      </h1>
      <Decision request={request} />
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="whitespace-pre-wrap">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="space-y-2">
        <h2 className="text-lg font-semibold">What the portal checked</h2>
        <ChecksList results={request.checks.results} />
      </div>
      <div className="space-y-2">
        <h2 className="text-lg font-semibold">Matches</h2>
        <MatchesList matches={request.matches} />
      </div>
      {open && (
        <div className="space-y-4 rounded border border-slate-200 bg-white p-4">
          <h2 className="text-lg font-semibold">Decide</h2>
          {request.state === "pending" ? (
            <ApproveForm requestId={request.id} label={`Approve request #${request.id}`} needsOverride={!request.asnProof} refresh />
          ) : (
            <p className="text-sm text-slate-600">The requester has not confirmed their email yet, so the request cannot be approved.</p>
          )}
          <RejectForm requestId={request.id} refresh />
        </div>
      )}
    </section>
  );
}
