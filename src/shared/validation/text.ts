import { z } from "zod";

/**
 * Free text people type (names, cities, comments, notes) as every schema accepts it. Shown later in the
 * admin queue, on /peers and in the IX-F export, so nothing in it may hide or reorder what others read:
 *
 * - invisible characters are removed: Unicode format characters (bidi embeddings, overrides and isolates
 *   U+202A-U+202E and U+2066-U+2069, LRM/RLM, zero-width space/joiners, word joiner, BOM, soft hyphen)
 *   and the blank "filler" letters (Hangul fillers, braille blank) that render as nothing;
 * - control characters and the Unicode line/paragraph separators (U+2028, U+2029) are refused in one-line
 *   fields; multi-line fields allow line breaks and tabs, and take those separators as line breaks;
 * - the rest is NFC-normalised and trimmed, so a name made only of invisible characters is empty.
 */
const INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]/gu;
const ONE_LINE = /^[^\p{Cc}\p{Zl}\p{Zp}]*$/u;
const LINES = /^(?:\P{Cc}|[\n\t])*$/u;

export function withoutInvisible(text: string): string {
  return text.normalize("NFC").replace(INVISIBLE, "");
}

export function freeText(options: { max: number; multiline?: boolean }) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") })
    .overwrite((text) => withoutInvisible(options.multiline ? text.replace(/\r\n?|[\u2028\u2029]/g, "\n") : text))
    .trim()
    .max(options.max, `must be at most ${options.max} characters`)
    .regex(options.multiline ? LINES : ONE_LINE, options.multiline ? "must not contain control characters" : "must be one line of text");
}

/** Free text that may be left out; blank (or only invisible characters) counts as left out. */
export function optionalFreeText(options: { max: number; multiline?: boolean }) {
  return freeText(options)
    .transform((text) => text || undefined)
    .optional();
}
