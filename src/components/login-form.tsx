"use client";

import { useActionState } from "react";
import { requestLoginLink, type LoginFormState } from "@/server/auth/actions";

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, action, pending] = useActionState<LoginFormState, FormData>(requestLoginLink, {});
  return (
    <form action={action} className="max-w-sm space-y-3" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Email address</span>
        <input
          type="email"
          name="email"
          required
          defaultValue={state.email}
          aria-invalid={Boolean(state.error)}
          aria-describedby={state.error ? "email-error" : undefined}
          className="mt-1 block w-full rounded border border-slate-300 px-3 py-2"
        />
      </label>
      {state.error && (
        <p id="email-error" role="alert" className="text-sm text-red-700">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? "Sending…" : "Email me a sign-in link"}
      </button>
    </form>
  );
}
