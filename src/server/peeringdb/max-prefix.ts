/** Max-prefix suggestion: what the network says it announces, plus headroom for growth and de-aggregation. */

export const DEFAULT_MAX_PREFIX = { 4: 100, 6: 50 } as const;

/** At least 20 % and at least 10 prefixes above the count; the family default when the count is unknown or zero. */
export function suggestMaxPrefix(count: number | null | undefined, family: 4 | 6): number {
  if (count === null || count === undefined || !Number.isFinite(count) || count <= 0) return DEFAULT_MAX_PREFIX[family];
  return Math.max(Math.ceil(count * 1.2), Math.ceil(count) + 10);
}
