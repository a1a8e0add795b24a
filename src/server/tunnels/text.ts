/** Escaping for the text formats the generators write. Member-supplied text goes through one of these. */

/** A comment that cannot break out of its line: control characters become spaces. */
export function commentText(text: string, max = 120): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim().slice(0, max);
}

/** POSIX shell single-quoting, only when the word needs it. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}

/** A double-quoted string for BIRD, FRR descriptions and RouterOS. */
export function quotedString(text: string): string {
  return `"${commentText(text).replace(/[\\"$]/g, "")}"`;
}
