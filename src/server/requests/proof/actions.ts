"use server";

// Actions of the requester's status page: anonymous, allowed by the status token alone (the request's secret link).
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { logger } from "@/server/log";
import { PEERINGDB_PROVIDER_ID, PROOF_COOKIE_PATH, PROOF_REQUEST_COOKIE, peeringDbLoginEnabled, proofReturnPath, proofSignIn } from "./peeringdb-login";
import { buildRegistryContacts, confirmRegistryProof, ProofError, requireOpenRequest, sendRegistryProof } from "./service";

const field = (form: FormData, name: string) => String(form.get(name) ?? "");

/** Runs a step; a ProofError comes back to the status page as a message, the request unchanged. */
async function step(statusToken: string, run: () => Promise<string>): Promise<never> {
  let target: string;
  try {
    target = await run();
  } catch (error) {
    if (!(error instanceof ProofError)) throw error;
    target = proofReturnPath(statusToken, "error", { code: error.code });
  }
  redirect(target);
}

export async function findRegistryContactsAction(form: FormData): Promise<void> {
  const statusToken = field(form, "statusToken");
  await step(statusToken, async () => {
    const list = await buildRegistryContacts(getDb(), statusToken);
    return proofReturnPath(statusToken, list.contacts.length ? "contacts" : "no-contacts");
  });
}

export async function sendRegistryProofAction(form: FormData): Promise<void> {
  const statusToken = field(form, "statusToken");
  await step(statusToken, async () => {
    const contactId = field(form, "contactId");
    if (!contactId) throw new ProofError("no-choice");
    await sendRegistryProof(getDb(), { statusToken, contactId });
    return proofReturnPath(statusToken, "sent");
  });
}

export async function startPeeringDbProofAction(form: FormData): Promise<void> {
  const statusToken = field(form, "statusToken");
  try {
    if (!peeringDbLoginEnabled()) throw new ProofError("peeringdb-off");
    await requireOpenRequest(getDb(), statusToken);
  } catch (error) {
    if (!(error instanceof ProofError)) throw error;
    redirect(proofReturnPath(statusToken, "error", { code: error.code }));
  }
  (await cookies()).set(PROOF_REQUEST_COOKIE, statusToken, {
    httpOnly: true,
    sameSite: "lax",
    path: PROOF_COOKIE_PATH,
    maxAge: 900,
    secure: env().APP_URL.startsWith("https:"),
  });
  await proofSignIn(PEERINGDB_PROVIDER_ID, { redirectTo: proofReturnPath(statusToken, "peeringdb-failed") });
}

/**
 * The confirm button on /connect/proof (opening the link alone changes nothing: mail scanners open links).
 * It stays on the proof page: the confirmer may be a registry mailbox, not the requester, so it must not
 * be handed the request's status link.
 */
export async function confirmRegistryProofAction(form: FormData): Promise<void> {
  const token = field(form, "token");
  let asn: number;
  try {
    ({ asn } = await confirmRegistryProof(getDb(), token));
  } catch (error) {
    if (!(error instanceof ProofError)) throw error;
    logger.info({ reason: error.message }, "registry proof link refused");
    redirect(`/connect/proof?token=${encodeURIComponent(token)}`);
  }
  redirect(`/connect/proof?confirmed=${asn}`);
}
