import { z } from "zod";
import { freeText } from "./text";

/**
 * Building blocks for schemas that read both HTML forms (every value a string, empty means "not given",
 * unchecked boxes are absent) and JSON bodies (numbers, booleans, null).
 */

const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);

/** An optional value: "" and null become null, anything else must pass the schema. */
export function optional<S extends z.ZodType>(schema: S) {
  return z.preprocess(blankToUndefined, schema.optional()).transform((value) => (value === undefined ? null : value));
}

/** Free text (see text.ts): names are one line; notes and comments pass { multiline: true }. */
export const requiredText = (max: number, options: { multiline?: boolean } = {}) => freeText({ max, ...options }).min(1, "is required");

export const optionalText = (max: number, options: { multiline?: boolean } = {}) => optional(freeText({ max, ...options })).transform((v) => v || null);

/** A whole number given as a number or as form text. */
export const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** Database row ids from hidden fields or URLs. */
export const idSchema = wholeNumber(1, 2 ** 31 - 1);

/** An id in an API path: /api/v1/requests/12/reject. */
export const idPathSchema = z.object({ id: idSchema });

/** A checkbox: "on" (form) or true (JSON) is checked; absence is unchecked. */
export const checkbox = z
  .union([z.boolean(), z.enum(["on", "true", "false", ""])])
  .optional()
  .transform((value) => value === true || value === "on" || value === "true");

/** A repeated form key arrives as a string or an array; JSON sends an array. */
export const stringList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter((v) => v !== ""));

/** Turns form keys like "params.vxlan.udpPort" into nested objects, dropping blank values. */
export function nestDottedKeys(flat: Record<string, unknown>, prefix: string): Record<string, Record<string, unknown>> {
  const nested: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (!key.startsWith(`${prefix}.`) || value === "") continue;
    const [group, field] = key.slice(prefix.length + 1).split(".");
    if (!group || !field) continue;
    (nested[group] ??= {})[field] = value;
  }
  return nested;
}

/** For schemas written for the CLI/API, where a missing option is undefined: blank form fields count as missing. */
export function blanksAsMissing<S extends z.ZodType>(schema: S) {
  return z.preprocess(
    (raw) => (typeof raw === "object" && raw !== null ? Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== "")) : raw),
    schema,
  );
}
