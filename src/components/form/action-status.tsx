import type { ActionResult } from "@/server/actions/action";

/** The one-line answer beside a small inline action form (Run now, Mark as published). */
export function ActionStatus({ state }: { state: ActionResult<unknown> | undefined }) {
  if (!state) return null;
  return (
    <span role="status" className={`text-sm ${state.ok ? "text-green-800" : "text-red-700"}`}>
      {state.message}
    </span>
  );
}
