import { PROOF_LABELS, proofLevel } from "@/server/requests/proof/summary";
import { PROOF_ERRORS, type ProofErrorCode, type VisibleContacts } from "@/server/requests/proof/service";
import { findRegistryContactsAction, sendRegistryProofAction, startPeeringDbProofAction } from "@/server/requests/proof/actions";
import type { AsnProofKind } from "@/shared/enums";
import { utcMinute } from "@/shared/utc";

export interface ProofStatus {
  asn: number;
  asnProof: AsnProofKind | null;
  verifiedAt: Date | null;
  registryContacts: VisibleContacts | null;
  proofSentTo: string | null;
  proofExpiresAt: Date | null;
}

/** The outcome of the last step, from the page's ?proof= (fixed texts only: nothing from the URL is echoed). */
function outcomeText(asn: number, query: { proof?: string; code?: string; networks?: string }): { ok: boolean; text: string } | null {
  const networks = (query.networks ?? "").split(",").filter((n) => /^\d{1,10}$/.test(n)).map((n) => `AS${n}`);
  switch (query.proof) {
    case "peeringdb":
      return { ok: true, text: `Thank you: your PeeringDB account is affiliated with AS${asn}. That proves you hold it.` };
    case "sent":
      return { ok: true, text: "We have emailed the link. Open it from that mailbox to prove that you hold the ASN." };
    case "contacts":
      return { ok: true, text: "Choose an address you can read; we email it a link." };
    case "no-contacts":
      return { ok: false, text: `We found no address published for AS${asn}. The reasons are below; you can look again later or sign in with PeeringDB.` };
    case "peeringdb-not-affiliated":
      return {
        ok: false,
        text: `Your PeeringDB account is not affiliated with AS${asn} (its networks: ${networks.join(", ") || "none"}). Ask your organisation's PeeringDB administrator to affiliate you, or use a registry contact below.`,
      };
    case "peeringdb-failed":
      return { ok: false, text: "The sign-in with PeeringDB did not complete (it was cancelled, or PeeringDB did not answer). Your request is unchanged: try again, or use a registry contact below." };
    case "error":
      return query.code && query.code in PROOF_ERRORS ? { ok: false, text: PROOF_ERRORS[query.code as ProofErrorCode] } : null;
    default:
      return null;
  }
}

const button = "rounded bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700";

/** The requester's side of the proof of ASN holdership (docs/ASN-PROOF.md), on their status page. */
export function AsnProofPanel({
  statusToken,
  request,
  peeringDbLogin,
  query,
}: {
  statusToken: string;
  request: ProofStatus;
  peeringDbLogin: boolean;
  query: { proof?: string; code?: string; networks?: string };
}) {
  const level = proofLevel(request);
  const outcome = outcomeText(request.asn, query);
  const contacts = request.registryContacts;
  return (
    <section className="space-y-3 rounded border border-slate-200 bg-white p-4" aria-labelledby="asn-proof-heading">
      <h2 id="asn-proof-heading" className="text-lg font-semibold">
        Prove that you hold AS{request.asn}
      </h2>
      <p className="text-sm" data-testid="proof-level">
        Proof given: <strong>{PROOF_LABELS[level]}</strong>
      </p>
      {outcome && (
        <p role={outcome.ok ? "status" : "alert"} className={`rounded border p-3 text-sm ${outcome.ok ? "border-green-200 bg-green-50 text-green-900" : "border-red-200 bg-red-50 text-red-800"}`}>
          {outcome.text}
        </p>
      )}
      {!request.asnProof && (
        <>
          <p className="text-sm text-slate-700">
            Volunteers approve requests faster when they can see that the ASN is yours. Either sign in with a PeeringDB account affiliated with the network, or
            have us email a link to an address the registry publishes for the ASN.
          </p>
          {peeringDbLogin && (
            <form action={startPeeringDbProofAction}>
              <input type="hidden" name="statusToken" value={statusToken} />
              <button type="submit" className={button}>
                Sign in with PeeringDB
              </button>
            </form>
          )}
          {request.proofSentTo && request.proofExpiresAt && (
            <p className="text-sm text-slate-700" data-testid="proof-sent">
              A link was emailed to {request.proofSentTo}; it works until {utcMinute(request.proofExpiresAt)}.
            </p>
          )}
          {contacts && contacts.contacts.length > 0 && (
            <form action={sendRegistryProofAction} className="space-y-2">
              <input type="hidden" name="statusToken" value={statusToken} />
              <fieldset className="space-y-1 text-sm">
                <legend className="font-medium">Addresses published for AS{request.asn}</legend>
                {contacts.contacts.map((contact) => (
                  <label key={contact.id} className="flex items-center gap-2">
                    <input type="radio" name="contactId" value={contact.id} required />
                    <span className="font-mono">{contact.masked}</span> <span className="text-slate-500">({contact.label})</span>
                  </label>
                ))}
              </fieldset>
              <button type="submit" className={button}>
                Email the link to this address
              </button>
            </form>
          )}
          {contacts && contacts.problems.length > 0 && (
            <ul className="list-disc pl-5 text-sm text-slate-600" data-testid="registry-problems">
              {contacts.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          <form action={findRegistryContactsAction}>
            <input type="hidden" name="statusToken" value={statusToken} />
            <button type="submit" className="rounded border border-brand-600 px-3 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50">
              {contacts ? "Look the addresses up again" : `Find the addresses published for AS${request.asn}`}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
