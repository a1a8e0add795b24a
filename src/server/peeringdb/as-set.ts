/**
 * PeeringDB's irr_as_set is free text: "AS-EXAMPLE", "RIPE::AS-EXAMPLE", "AS-EXAMPLE@RIPE", or
 * several of these separated by spaces or commas. We take the first, and only a name that is safe
 * to hand to bgpq4 and to put into a route-server config.
 */
const AS_SET_NAME = /^(AS\d+|AS[-_A-Z0-9]*[A-Z0-9])(:(AS\d+|AS[-_A-Z0-9]*[A-Z0-9]))*$/i;
const SOURCE_NAME = /^[A-Z][A-Z0-9-]{0,31}$/i;

export function parseIrrAsSet(text: string): { asSet: string; source: string | null } | null {
  const first = text.trim().split(/[\s,]+/)[0] ?? "";
  let asSet = first;
  let source: string | null = null;
  if (first.includes("::")) [source, asSet] = first.split("::", 2) as [string, string];
  else if (first.includes("@")) [asSet, source] = first.split("@", 2) as [string, string];
  if (!AS_SET_NAME.test(asSet)) return null;
  if (source !== null && !SOURCE_NAME.test(source)) source = null;
  return { asSet: asSet.toUpperCase(), source: source?.toUpperCase() ?? null };
}
