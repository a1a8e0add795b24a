/** Max-prefix suggestion: what the network says it announces, plus headroom for growth and de-aggregation. */

export const DEFAULT_MAX_PREFIX = { 4: 100, 6: 50 } as const;

/** Headroom over the published count unless configured otherwise (RS_MAX_PREFIX_PEERINGDB_MARGIN). */
export const DEFAULT_MARGIN_PERCENT = 20;

/** At least `marginPercent` and at least 10 prefixes above the count; the family default when the count is unknown or zero. */
export function suggestMaxPrefix(count: number | null | undefined, family: 4 | 6, marginPercent: number = DEFAULT_MARGIN_PERCENT): number {
  if (count === null || count === undefined || !Number.isFinite(count) || count <= 0) return DEFAULT_MAX_PREFIX[family];
  return Math.max(Math.ceil((count * (100 + marginPercent)) / 100), Math.ceil(count) + 10);
}
