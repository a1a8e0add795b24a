"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import type { ActionResult } from "@/server/actions/action";
import { approveRequestAction, rejectRequestAction } from "@/server/requests/actions";
import { Field, FormMessage, inputClass } from "./field";

/**
 * On a page that shows the request's state, a decision reloads the page's data from the server so it
 * shows the new state (the page then says what was decided); in the queue, the confirmation stays in place.
 */
function useRefreshWhenDecided(state: ActionResult | undefined, refresh: boolean) {
  const router = useRouter();
  useEffect(() => {
    if (refresh && state?.ok) router.refresh();
  }, [refresh, state, router]);
}

/**
 * Without proof of ASN holdership the volunteer must say why they approve anyway; the server refuses
 * the approval without that reason and writes it to the audit log (docs/ASN-PROOF.md).
 */
export function ApproveForm({ requestId, label, needsOverride, refresh = false }: { requestId: number; label: string; needsOverride: boolean; refresh?: boolean }) {
  const [state, action, pending] = useActionState<ActionResult | undefined, FormData>(approveRequestAction, undefined);
  useRefreshWhenDecided(state, refresh);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  const field = `overrideReason-${requestId}`;
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="requestId" value={requestId} />
      <FormMessage ok={state?.ok ?? false} message={state?.message} />
      {needsOverride && !state?.ok && (
        <Field name={field} label="No proof that the requester holds the ASN: why approve anyway? (goes to the audit log)" errors={errors.overrideReason}>
          <textarea id={field} name="overrideReason" rows={2} className={inputClass} defaultValue={typeof state?.values?.overrideReason === "string" ? state.values.overrideReason : ""} />
        </Field>
      )}
      {!state?.ok && (
        <button type="submit" disabled={pending} aria-label={label} className="rounded bg-green-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-green-800 disabled:opacity-60">
          {pending ? "Approving…" : "Approve"}
        </button>
      )}
    </form>
  );
}

export function RejectForm({ requestId, refresh = false }: { requestId: number; refresh?: boolean }) {
  const [state, action, pending] = useActionState<ActionResult | undefined, FormData>(rejectRequestAction, undefined);
  useRefreshWhenDecided(state, refresh);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  if (state?.ok) return <FormMessage ok message={state.message} />;
  return (
    <form action={action} className="max-w-xl space-y-2">
      <input type="hidden" name="requestId" value={requestId} />
      <FormMessage ok={false} message={state?.message} />
      <Field name="reason" label="Reason (emailed to the requester)" errors={errors.reason}>
        <textarea id="reason" name="reason" rows={3} className={inputClass} defaultValue={typeof state?.values?.reason === "string" ? state.values.reason : ""} />
      </Field>
      <button type="submit" disabled={pending} className="rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60">
        {pending ? "Rejecting…" : "Reject"}
      </button>
    </form>
  );
}
