"use client";

import { useActionState } from "react";
import { ActionStatus } from "@/components/form/action-status";
import { runJobNow } from "@/server/jobs/actions";

export function RunJobButton({ name }: { name: string }) {
  const [state, action, pending] = useActionState(runJobNow, undefined);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="name" value={name} />
      <label className="flex items-center gap-1 text-xs text-slate-600">
        <input type="checkbox" name="dryRun" value="true" /> dry run
      </label>
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Running…" : "Run now"}
      </button>
      <ActionStatus state={state} />
    </form>
  );
}
