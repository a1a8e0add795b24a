import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/server/db/client";
import { confirmEmailAction } from "@/server/requests/confirm-action";
import { requestToVerify, VerificationError } from "@/server/requests/verify";

export const metadata: Metadata = { title: "Confirm your email", robots: { index: false } };
export const dynamic = "force-dynamic";

export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token: raw } = await searchParams;
  const token = typeof raw === "string" ? raw : "";
  let request: Awaited<ReturnType<typeof requestToVerify>> | undefined;
  let problem = "";
  try {
    request = await requestToVerify(getDb(), token);
  } catch (error) {
    if (!(error instanceof VerificationError)) throw error;
    problem = error.message;
  }
  return (
    <section className="max-w-2xl space-y-3">
      <h1 className="text-2xl font-bold text-brand-900">Confirm your email</h1>
      {request ? (
        <>
          <p className="text-slate-700">
            Confirm that you sent this peering request. Volunteers see it once you have confirmed.
          </p>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">Network</dt>
            <dd>
              {request.networkName} (AS{request.asn})
            </dd>
            <dt className="text-slate-500">Contact email</dt>
            <dd>{request.contactEmail}</dd>
          </dl>
          <form action={confirmEmailAction}>
            <input type="hidden" name="token" value={token} />
            <button type="submit" className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
              Confirm my request
            </button>
          </form>
        </>
      ) : (
        <>
          <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-red-800">
            {problem}
          </p>
          <Link href="/connect" className="text-brand-700 underline">
            Go to the Connect page
          </Link>
        </>
      )}
    </section>
  );
}
