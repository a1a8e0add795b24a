import type { AsnProofKind } from "@/shared/enums";

export type ProofLevel = "none" | "requester_email" | AsnProofKind;

export const PROOF_LABELS: Record<ProofLevel, string> = {
  none: "None",
  requester_email: "Email at the requester's own address only (does not prove the ASN)",
  registry_contact: "Registry contact: a mailbox the registry publishes for the ASN",
  peeringdb: "PeeringDB affiliation",
};

/** The strongest proof a request has: an ASN proof, else a confirmed email at the requester's address, else none. */
export function proofLevel(request: { asnProof: AsnProofKind | null; verifiedAt: Date | null }): ProofLevel {
  return request.asnProof ?? (request.verifiedAt ? "requester_email" : "none");
}
