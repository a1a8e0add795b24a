"use server";

import { headers } from "next/headers";
import { formAction, type ActionResult } from "@/server/actions/action";
import { approveRequestSchema, rejectRequestSchema } from "@/shared/validation/request";
import { approveRequest } from "./approve";
import { clientAddressFrom } from "@/server/http/client-address";
import { requestSchema } from "./policy";
import { rejectRequest } from "./reject";
import { webReviewer } from "./reviewer";
import { submitRequest } from "./submit";

const SUBMITTED =
  "Thank you! We have emailed you a link to confirm your address. Your request goes to our volunteers once you have opened it; the email also has a link to follow its progress.";

export async function submitRequestAction(previous: ActionResult | undefined, form: FormData): Promise<ActionResult> {
  const action = formAction({
    role: null,
    schema: requestSchema(),
    async handler(input, { db }) {
      await submitRequest(db, input, { ip: clientAddressFrom(await headers()) });
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
    async handler({ requestId, overrideReason }, { db, user }) {
      const result = await approveRequest(db, requestId, webReviewer(user!), { overrideReason });
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
