"use client";

import { createContext, useActionState, useContext } from "react";
import type { ActionResult } from "@/server/actions/action";

export type FormActionFn = (previous: ActionResult | undefined, form: FormData) => Promise<ActionResult>;

const FormStateContext = createContext<ActionResult | undefined>(undefined);

/**
 * A form bound to a server action made with formAction(): shows the message, puts field errors next to
 * their fields and keeps what was typed when the server refuses it.
 */
export function ActionForm({
  action,
  submitLabel,
  children,
  inline = false,
  danger = false,
}: {
  action: FormActionFn;
  submitLabel: string;
  children?: React.ReactNode;
  inline?: boolean;
  danger?: boolean;
}) {
  const [state, dispatch, pending] = useActionState<ActionResult | undefined, FormData>(action, undefined);
  return (
    <form action={dispatch} noValidate className={inline ? "flex flex-wrap items-center gap-2" : "space-y-3"}>
      <FormStateContext.Provider value={state}>
        {children}
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            disabled={pending}
            className={`rounded px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60 ${danger ? "bg-red-700 hover:bg-red-800" : "bg-brand-600 hover:bg-brand-700"}`}
          >
            {pending ? "Saving…" : submitLabel}
          </button>
          {state?.message && (
            <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-green-800" : "text-red-700"}`}>
              {state.message}
            </p>
          )}
        </div>
      </FormStateContext.Provider>
    </form>
  );
}

/** Errors for a field, and what the user had typed when the last submit was refused. */
export function useFieldState(name: string) {
  const state = useContext(FormStateContext);
  const refused = state && !state.ok ? state : undefined;
  return { errors: refused?.fieldErrors?.[name], submitted: refused?.values };
}
