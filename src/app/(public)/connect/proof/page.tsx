import type { Metadata } from "next";
import { getDb } from "@/server/db/client";
import { confirmRegistryProofAction } from "@/server/requests/proof/actions";
import { maskEmail } from "@/server/requests/proof/mask";
import { ProofError, registryProofToConfirm } from "@/server/requests/proof/service";

export const metadata: Metadata = { title: "Confirm that you hold the ASN", robots: { index: false } };
export const dynamic = "force-dynamic";

/** Where the registry contact's link lands; only the button confirms (mail scanners open links). */
export default async function RegistryProofPage({ searchParams }: { searchParams: Promise<{ token?: string | string[]; confirmed?: string | string[] }> }) {
  const { token: raw, confirmed } = await searchParams;
  // After the button only the ASN comes back (digits, nothing else echoed): the confirmer gets no status link.
  const confirmedAsn = typeof confirmed === "string" && /^\d{1,10}$/.test(confirmed) ? confirmed : null;
  const token = typeof raw === "string" ? raw : "";
  let request: Awaited<ReturnType<typeof registryProofToConfirm>> | undefined;
  let problem = "";
  if (!confirmedAsn) {
    try {
      request = await registryProofToConfirm(getDb(), token);
    } catch (error) {
      if (!(error instanceof ProofError)) throw error;
      problem = error.message;
    }
  }
  return (
    <section className="max-w-2xl space-y-3">
      <h1 className="text-2xl font-bold text-brand-900">Confirm that you hold the ASN</h1>
      {confirmedAsn ? (
        <p role="status" className="rounded border border-green-200 bg-green-50 p-3 text-green-900">
          Thank you: AS{confirmedAsn} is confirmed as held for this request. The requester sees it on their status page.
        </p>
      ) : request ? (
        <>
          <p className="text-slate-700">
            Someone asked to connect {request.networkName} (AS{request.asn}) and chose {maskEmail(request.contact.email)}, an address the registry publishes for
            AS{request.asn}, to prove it. Confirm only if you made or approve this request.
          </p>
          <form action={confirmRegistryProofAction}>
            <input type="hidden" name="token" value={token} />
            <button type="submit" className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
              Confirm that we hold AS{request.asn}
            </button>
          </form>
        </>
      ) : (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-red-800">
          {problem}
        </p>
      )}
    </section>
  );
}
