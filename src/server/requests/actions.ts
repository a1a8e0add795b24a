"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { formAction, type ActionResult } from "@/server/actions/action";
import { getDb } from "@/server/db/client";
import { approveRequestSchema, rejectRequestSchema } from "@/shared/validation/request";
import { approveRequest } from "./approve";
import { clientIpFrom } from "./client-ip";
import { requestSchema } from "./policy";
import { rejectRequest } from "./reject";
import { webReviewer } from "./reviewer";
import { submitRequest } from "./submit";
import { verifyRequest, VerificationError } from "./verify";

const SUBMITTED =
  "Thank you! We have emailed you a link to confirm your address. Your request goes to our volunteers once you have opened it; the email also has a link to follow its progress.";

export async function submitRequestAction(previous: ActionResult | undefined, form: FormData): Promise<ActionResult> {
  const action = formAction({
    role: null,
    schema: requestSchema(),
    async handler(input, { db }) {
      await submitRequest(db, input, { ip: clientIpFrom(await headers()) });
      // A dropped (honeypot) request gets the same answer, so bots learn nothing.
      return { ok: true, message: SUBMITTED };
    },
  });
  return action(previous, form);
}

export async function approveRequestAction(previous: ActionResult | undefined, form: FormData): Promise<ActionResult> {
  const action = formAction({
    role: "volunteer",
    schema: approveRequestSchema,
    async handler({ requestId }, { db, user }) {
      const result = await approveRequest(db, requestId, webReviewer(user!));
      const addresses = [result.ipv4, result.ipv6].filter(Boolean).join(" and ");
      return { ok: true, message: `Approved request #${requestId}: ${addresses}, tunnel id ${result.tunnelId ?? "none"}. The member has been emailed.` };
    },
  });
  return action(previous, form);
}

export async function rejectRequestAction(previous: ActionResult | undefined, form: FormData): Promise<ActionResult> {
  const action = formAction({
    role: "volunteer",
    schema: rejectRequestSchema,
    async handler(input, { db, user }) {
      await rejectRequest(db, input, webReviewer(user!));
      return { ok: true, message: `Rejected request #${input.requestId}; the reason has been emailed to the requester.` };
    },
  });
  return action(previous, form);
}

/** The confirm button on /connect/verify; a failed confirmation shows the page again with the reason. */
export async function confirmEmailAction(form: FormData): Promise<void> {
  const token = String(form.get("token") ?? "");
  let statusToken: string;
  try {
    ({ statusToken } = await verifyRequest(getDb(), token));
  } catch (error) {
    if (!(error instanceof VerificationError)) throw error;
    redirect(`/connect/verify?token=${encodeURIComponent(token)}`);
  }
  redirect(`/requests/${statusToken}?verified=1`);
}
