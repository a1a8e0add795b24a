const literal = (text: string) => text.replace(/[\\%_]/g, "\\$&");

/** A LIKE pattern that finds `text` anywhere, with LIKE's own wildcards (`%`, `_`) and its escape (`\`) taken literally. */
export function containsPattern(text: string): string {
  return `%${literal(text)}%`;
}

/** A LIKE pattern for values that start with `text`, taken literally as above. */
export function prefixPattern(text: string): string {
  return `${literal(text)}%`;
}
