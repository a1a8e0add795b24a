/** A labelled form field with its error message next to it (shared by the request forms). */
export function Field({
  name,
  label,
  hint,
  errors,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: React.ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !errors?.length && <p className="text-xs text-slate-500">{hint}</p>}
      {errors?.map((message) => (
        <p key={message} id={`${name}-error`} role="alert" className="text-sm text-red-700" data-field-error={name}>
          {message}
        </p>
      ))}
    </div>
  );
}

export const inputClass = "block w-full rounded border border-slate-300 px-3 py-2 aria-[invalid=true]:border-red-500";

export function FormMessage({ ok, message }: { ok: boolean; message?: string }) {
  if (!message) return null;
  return (
    <p role={ok ? "status" : "alert"} className={`rounded border p-3 text-sm ${ok ? "border-green-200 bg-green-50 text-green-900" : "border-red-200 bg-red-50 text-red-800"}`}>
      {message}
    </p>
  );
}
