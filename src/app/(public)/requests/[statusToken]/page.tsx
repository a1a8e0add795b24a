import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AsnProofPanel } from "@/components/requests/asn-proof";
import { getDb } from "@/server/db/client";
import { peeringDbLoginEnabled } from "@/server/requests/proof/peeringdb-login";
import { requestStatus } from "@/server/requests/queries";
import { TUNNEL_TYPE_LABELS, type RequestState } from "@/shared/enums";
import { utcMinute } from "@/shared/utc";

export const metadata: Metadata = { title: "Your peering request", robots: { index: false } };
export const dynamic = "force-dynamic";

const STATE_TEXT: Record<RequestState, { title: string; next: string }> = {
  unverified: { title: "Waiting for you to confirm your email", next: "Open the link in the email we sent you. Until then, volunteers do not see the request." },
  pending: { title: "Pending review", next: "A volunteer will review your request. You will get an email when it is decided." },
  approved: { title: "Approved", next: "Your addresses and tunnel details are in the approval email. Sign in to the member portal with your contact email." },
  rejected: { title: "Not approved", next: "The reason is below and in the email we sent you. You are welcome to send a new request." },
};

const STEPS: RequestState[] = ["unverified", "pending", "approved"];

export default async function RequestStatusPage({
  params,
  searchParams,
}: {
  params: Promise<{ statusToken: string }>;
  searchParams: Promise<{ verified?: string; proof?: string; code?: string; networks?: string }>;
}) {
  const [{ statusToken }, query] = await Promise.all([params, searchParams]);
  const { verified } = query;
  const request = await requestStatus(getDb(), statusToken);
  if (!request) notFound();
  const text = STATE_TEXT[request.state];
  const reached = request.state === "rejected" ? 2 : STEPS.indexOf(request.state);
  return (
    <section className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold text-brand-900">
        Peering request for {request.networkName} (AS{request.asn})
      </h1>
      {verified && <p className="rounded border border-green-200 bg-green-50 p-3 text-green-900">Thank you, your email address is confirmed.</p>}
      <ol className="flex gap-2 text-sm">
        {["Confirm email", "Pending review", request.state === "rejected" ? "Rejected" : "Approved"].map((label, index) => (
          <li key={label} className={`rounded px-2 py-1 ${index <= reached ? "bg-brand-600 text-white" : "bg-slate-200 text-slate-600"}`}>
            {label}
          </li>
        ))}
      </ol>
      <div className="rounded border border-slate-200 bg-white p-4">
        <p className="text-lg font-semibold" data-testid="request-state">
          {text.title}
        </p>
        <p className="text-slate-700">{text.next}</p>
        {request.rejectReason && <p className="mt-2 whitespace-pre-wrap text-slate-800">Reason: {request.rejectReason}</p>}
      </div>
      {(request.state === "unverified" || request.state === "pending") && (
        <AsnProofPanel statusToken={statusToken} request={request} peeringDbLogin={peeringDbLoginEnabled()} query={query} />
      )}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">Where</dt>
        <dd>
          {TUNNEL_TYPE_LABELS[request.tunnelType]} at {request.locationName}
        </dd>
        <dt className="text-slate-500">Sent</dt>
        <dd>{utcMinute(request.createdAt)}</dd>
      </dl>
      {request.state === "approved" && (
        <Link href="/login?callbackUrl=/portal" className="inline-block rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          Sign in to the member portal
        </Link>
      )}
    </section>
  );
}
