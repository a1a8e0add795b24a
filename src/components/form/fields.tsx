"use client";

import { useFieldState } from "./action-form";

const inputClass = "mt-1 block w-full rounded border border-slate-300 px-2 py-1.5 text-sm aria-[invalid=true]:border-red-600";

function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} role="alert" className="mt-1 text-sm text-red-700">
      {errors.join("; ")}
    </p>
  );
}

function Help({ text }: { text?: string }) {
  return text ? <span className="mt-0.5 block text-xs text-slate-500">{text}</span> : null;
}

/**
 * What every text-like control needs: its error list, the value to show (what was typed when the last
 * submit was refused, else the default), accessibility attributes, and a key that remounts it on refusal.
 */
function useControl(name: string, fallback: string | number | null | undefined) {
  const { errors, submitted } = useFieldState(name);
  const kept = submitted?.[name];
  const value = submitted ? (Array.isArray(kept) ? (kept[0] ?? "") : (kept ?? "")) : fallback === null || fallback === undefined ? "" : String(fallback);
  const errorId = `${name}-error`;
  return {
    errors,
    errorId,
    props: {
      key: submitted ? "kept" : "initial",
      name,
      defaultValue: value,
      "aria-invalid": Boolean(errors),
      "aria-describedby": errors ? errorId : undefined,
      className: inputClass,
    },
  };
}

function FieldShell({ label, required, help, errorId, errors, children }: { label: string; required?: boolean; help?: string; errorId: string; errors?: string[]; children: React.ReactNode }) {
  return (
    <label className="block">
      <span className="text-sm font-medium text-slate-700">
        {label}
        {required && <span className="text-red-700"> *</span>}
      </span>
      {children}
      <Help text={help} />
      <FieldErrors id={errorId} errors={errors} />
    </label>
  );
}

export function TextField({
  name,
  label,
  defaultValue,
  type = "text",
  help,
  placeholder,
  required,
}: {
  name: string;
  label: string;
  defaultValue?: string | number | null;
  type?: "text" | "email" | "number" | "url" | "tel" | "datetime-local";
  help?: string;
  placeholder?: string;
  required?: boolean;
}) {
  const { errors, errorId, props } = useControl(name, defaultValue);
  const { key, ...rest } = props;
  return (
    <FieldShell label={label} required={required} help={help} errorId={errorId} errors={errors}>
      <input key={key} {...rest} type={type} placeholder={placeholder} />
    </FieldShell>
  );
}

export function SelectField({
  name,
  label,
  options,
  defaultValue,
  help,
}: {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  defaultValue?: string | number | null;
  help?: string;
}) {
  const { errors, errorId, props } = useControl(name, defaultValue);
  const { key, ...rest } = props;
  return (
    <FieldShell label={label} help={help} errorId={errorId} errors={errors}>
      <select key={key} {...rest}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function TextAreaField({ name, label, defaultValue, help, required, rows = 3 }: { name: string; label: string; defaultValue?: string | null; help?: string; required?: boolean; rows?: number }) {
  const { errors, errorId, props } = useControl(name, defaultValue);
  const { key, ...rest } = props;
  return (
    <FieldShell label={label} required={required} help={help} errorId={errorId} errors={errors}>
      <textarea key={key} {...rest} rows={rows} />
    </FieldShell>
  );
}

/** A checkbox; with value set it is one of several boxes sharing a name (a multi-select). */
export function CheckboxField({
  name,
  label,
  defaultChecked,
  help,
  value = "on",
}: {
  name: string;
  label: string;
  defaultChecked?: boolean;
  help?: string;
  value?: string;
}) {
  const { errors, submitted } = useFieldState(name);
  const kept = submitted?.[name];
  const checked = submitted ? (Array.isArray(kept) ? kept.includes(value) : kept === value) : Boolean(defaultChecked);
  return (
    <label className="flex items-start gap-2">
      <input key={submitted ? "kept" : "initial"} type="checkbox" name={name} value={value} defaultChecked={checked} className="mt-1" />
      <span className="text-sm">
        <span className="font-medium text-slate-700">{label}</span>
        <Help text={help} />
        {value === "on" && <FieldErrors id={`${name}-error`} errors={errors} />}
      </span>
    </label>
  );
}

/** Errors that belong to a group of fields (e.g. "at least one tunnel type"). */
export function GroupErrors({ name }: { name: string }) {
  const { errors } = useFieldState(name);
  return <FieldErrors id={`${name}-error`} errors={errors} />;
}
