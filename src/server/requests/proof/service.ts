import { and, eq, gt, inArray } from "drizzle-orm";
import type { Database, Executor } from "@/server/db/client";
import { auditLog, requests } from "@/server/db/schema";
import { env } from "@/server/env";
import { DomainError } from "@/server/errors";
import { enqueueEmail } from "@/server/mail/outbox";
import type { MailTransport } from "@/server/mail/transport";
import { fetchNetworkContacts } from "@/server/peeringdb/client";
import { deliverAfterCommit } from "../deliver";
import { registryProofEmail } from "../emails";
import { hashToken, isLinkToken, isStatusToken, newToken } from "../tokens";
import { maskEmail } from "./mask";
import { lookupRdapContacts } from "./rdap";
import type { RegistryContact, RegistryContactList } from "./types";

/** What the requester reads when a proof step fails; the request itself is unchanged. */
export const PROOF_ERRORS = {
  "bad-link": "This link is incomplete. Copy the whole link from the email.",
  "no-request": "There is no request behind this link.",
  closed: "This request is already decided; it needs no proof any more.",
  "stale-choice": "That address is no longer in the list. Look the addresses up again and pick one.",
  "no-choice": "Choose one of the addresses first.",
  "too-many": "We have already sent the most proof emails we send for one request. Use a link you received, or write to the IX.",
  race: "Another proof email was sent at the same moment; reload the page.",
  "link-invalid": "This link is not valid any more: it was used, has expired, or the request was decided.",
  "peeringdb-off": "Sign-in with PeeringDB is not offered by this IX.",
} as const;
export type ProofErrorCode = keyof typeof PROOF_ERRORS;

/** A failure with a fixed text (pages pass the code in their URL, never free text). */
export class ProofError extends DomainError {
  constructor(readonly code: ProofErrorCode) {
    super(PROOF_ERRORS[code]);
  }
}

/** Registry emails one request may trigger: enough to retry another mailbox, too few to spam one. */
export const MAX_PROOF_EMAILS = 3;
/** How soon the requester may have the registry addresses looked up again. */
const LOOKUP_AGAIN_AFTER_MS = 60_000;
/** The actor the audit log records for what a requester did through their status page. */
const REQUESTER = "requester";

const OPEN_STATES = ["unverified", "pending"] as const;

export async function requireOpenRequest(db: Executor, statusToken: string) {
  if (!isStatusToken(statusToken)) throw new ProofError("bad-link");
  const [request] = await db.select().from(requests).where(eq(requests.statusToken, statusToken));
  if (!request) throw new ProofError("no-request");
  if (!(OPEN_STATES as readonly string[]).includes(request.state)) throw new ProofError("closed");
  return request;
}

/** What the requester may see of the list: masked addresses and where they come from, never the addresses. */
export function visibleContacts(list: RegistryContactList | null) {
  if (!list) return null;
  return {
    builtAt: list.builtAt,
    problems: list.problems,
    contacts: list.contacts.map((contact) => ({
      id: contact.id,
      masked: maskEmail(contact.email),
      label: contact.source === "peeringdb" ? `PeeringDB, ${contact.role} contact` : `RIR record (${contact.origin}), ${contact.role} contact`,
    })),
  };
}
export type VisibleContacts = NonNullable<ReturnType<typeof visibleContacts>>;

/** Asks PeeringDB and the ASN's RIR (RDAP) at once for the addresses they publish, and keeps the list on the request. */
export async function buildRegistryContacts(db: Database, statusToken: string, now = new Date()): Promise<VisibleContacts> {
  const request = await requireOpenRequest(db, statusToken);
  // Repeated clicks within a minute get the list just built: the portal is nobody's RDAP/PeeringDB proxy.
  const previous = request.registryContacts;
  if (previous && now.getTime() - Date.parse(previous.builtAt) < LOOKUP_AGAIN_AFTER_MS) return visibleContacts(previous)!;
  const [peeringDb, rdap] = await Promise.all([
    env().PEERINGDB_URL ? fetchNetworkContacts(request.asn) : Promise.resolve({ ok: false as const, problem: "" }),
    lookupRdapContacts(request.asn),
  ]);
  const contacts: RegistryContact[] = [];
  const problems: string[] = [];
  const add = (source: RegistryContact["source"], origin: string, role: string, email: string) => {
    if (!contacts.some((c) => c.email === email && c.role === role && c.source === source)) contacts.push({ id: newToken(9), source, role, email, origin });
  };
  if (peeringDb.ok) for (const c of peeringDb.contacts) add("peeringdb", "PeeringDB", c.role, c.email);
  else if (peeringDb.problem) problems.push(peeringDb.problem);
  if (rdap.ok) for (const c of rdap.emails) add("rdap", rdap.service, c.role, c.email);
  else problems.push(rdap.problem);
  const list: RegistryContactList = { builtAt: now.toISOString(), contacts, problems };
  await db.update(requests).set({ registryContacts: list }).where(eq(requests.id, request.id));
  return visibleContacts(list)!;
}

/** Emails a single-use proof link to the registry contact the requester chose (by its id, never its address). */
export async function sendRegistryProof(
  db: Database,
  input: { statusToken: string; contactId: string },
  options: { now?: Date; transport?: MailTransport } = {},
): Promise<{ masked: string }> {
  const now = options.now ?? new Date();
  const token = newToken();
  const expiresAt = new Date(now.getTime() + env().REQUEST_VERIFY_HOURS * 3600_000);
  const email = await db.transaction(async (tx) => {
    const request = await requireOpenRequest(tx, input.statusToken);
    const contact = request.registryContacts?.contacts.find((c) => c.id === input.contactId);
    if (!contact) throw new ProofError("stale-choice");
    if (request.proofEmailsSent >= MAX_PROOF_EMAILS) throw new ProofError("too-many");
    const [result] = await tx
      .update(requests)
      .set({ proofContact: contact, proofTokenHash: hashToken(token), proofExpiresAt: expiresAt, proofEmailsSent: request.proofEmailsSent + 1 })
      .where(and(eq(requests.id, request.id), eq(requests.proofEmailsSent, request.proofEmailsSent)));
    if (result.affectedRows !== 1) throw new ProofError("race");
    const message = registryProofEmail(request, contact.email, token, expiresAt, request.proofEmailsSent + 1);
    await enqueueEmail(tx, message, now);
    return { message, masked: maskEmail(contact.email) };
  });
  await deliverAfterCommit(db, options.transport, email.message);
  return { masked: email.masked };
}

/** The request a registry proof link belongs to, while the link works; reading it changes nothing (mail scanners). */
export async function registryProofToConfirm(db: Executor, token: string, now = new Date()) {
  if (!isLinkToken(token)) throw new ProofError("bad-link");
  const [request] = await db
    .select({ id: requests.id, asn: requests.asn, networkName: requests.networkName, state: requests.state, contact: requests.proofContact })
    .from(requests)
    .where(and(eq(requests.proofTokenHash, hashToken(token)), gt(requests.proofExpiresAt, now), inArray(requests.state, [...OPEN_STATES])));
  if (!request?.contact) throw new ProofError("link-invalid");
  return { ...request, contact: request.contact };
}

/**
 * Opening the emailed link proves control of a registry-published mailbox of the ASN. Returns only the ASN:
 * whoever confirms may be a registry mailbox rather than the requester, so they never get the status token.
 */
export async function confirmRegistryProof(db: Database, token: string, now = new Date()): Promise<{ asn: number }> {
  return db.transaction(async (tx) => {
    const request = await registryProofToConfirm(tx, token, now);
    const detail = `${request.contact.source === "peeringdb" ? "PeeringDB" : `RDAP at ${request.contact.origin}`} ${request.contact.role} contact ${request.contact.email}`;
    const [result] = await tx
      .update(requests)
      .set({ asnProof: "registry_contact", asnProofDetail: detail.slice(0, 512), asnProofAt: now, proofTokenHash: null, proofExpiresAt: null })
      .where(and(eq(requests.id, request.id), eq(requests.proofTokenHash, hashToken(token))));
    if (result.affectedRows !== 1) throw new ProofError("link-invalid");
    await tx.insert(auditLog).values({ actor: REQUESTER, action: "request.asn_proof", entityType: "request", entityId: String(request.id), after: { asnProof: "registry_contact", detail }, createdAt: now });
    return { asn: request.asn };
  });
}

/** What PeeringDB's profile endpoint says about the signed-in user (scope "networks"). */
export interface PeeringDbProfile {
  id: number | string;
  name?: string | null;
  networks: { asn: number; perms: number; name?: string | null; id?: number }[];
}

export type PeeringDbProofOutcome = { ok: true; asn: number } | { ok: false; networks: number[] };

/** Records a PeeringDB sign-in on the request when the account is affiliated with the request's ASN. */
export async function recordPeeringDbProof(db: Database, statusToken: string, profile: PeeringDbProfile, now = new Date()): Promise<PeeringDbProofOutcome> {
  return db.transaction(async (tx) => {
    const request = await requireOpenRequest(tx, statusToken);
    const network = profile.networks.find((n) => n.asn === request.asn && n.perms > 0);
    if (!network) return { ok: false as const, networks: profile.networks.map((n) => n.asn) };
    const detail = `PeeringDB user ${profile.name ?? "(no name)"} (id ${profile.id}) is affiliated with AS${network.asn}${network.name ? ` ${network.name}` : ""} (permissions ${network.perms})`;
    await tx.update(requests).set({ asnProof: "peeringdb", asnProofDetail: detail.slice(0, 512), asnProofAt: now }).where(eq(requests.id, request.id));
    await tx.insert(auditLog).values({ actor: REQUESTER, action: "request.asn_proof", entityType: "request", entityId: String(request.id), after: { asnProof: "peeringdb", detail }, createdAt: now });
    return { ok: true as const, asn: network.asn };
  });
}
