"use client";

import { useActionState } from "react";
import { ActionStatus } from "@/components/form/action-status";
import { publishRegistryObject } from "@/server/registry/actions";

/**
 * Records the object exactly as shown (its hash travels with the form). Stays mounted when the object is
 * up to date, so the confirmation survives the page refreshing after a publish.
 */
export function PublishRegistryButton({ kind, sha256, upToDate }: { kind: string; sha256: string; upToDate: boolean }) {
  const [state, action, pending] = useActionState(publishRegistryObject, undefined);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="sha256" value={sha256} />
      <button type="submit" hidden={upToDate} disabled={pending} className="rounded bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Recording…" : "Mark as published"}
      </button>
      <ActionStatus state={state} />
    </form>
  );
}
