import type { Env } from "@/server/env";
import { suggestMaxPrefix } from "@/server/peeringdb/max-prefix";

export interface MaxPrefixInputs {
  maxPrefixV4: number | null;
  maxPrefixV6: number | null;
  peeringdbPrefixesV4?: number | null;
  peeringdbPrefixesV6?: number | null;
}

export interface MaxPrefixDefaults {
  maxPrefixDefaultV4: number;
  maxPrefixDefaultV6: number;
  maxPrefixPeeringDbMargin: number;
}

export function maxPrefixDefaultsFromEnv(env: Env): MaxPrefixDefaults {
  return { maxPrefixDefaultV4: env.RS_MAX_PREFIX_DEFAULT_V4, maxPrefixDefaultV6: env.RS_MAX_PREFIX_DEFAULT_V6, maxPrefixPeeringDbMargin: env.RS_MAX_PREFIX_PEERINGDB_MARGIN };
}

export type MaxPrefixSource = "member" | "peeringdb" | "default";

/**
 * The import limit a route server applies to one member session, and where it comes from: the
 * member's own setting, else the count it publishes on PeeringDB plus the margin, else the IX default.
 * The route-server config and the portal both use this, so members see the limit BIRD enforces.
 */
export function effectiveMaxPrefix(member: MaxPrefixInputs, family: 4 | 6, defaults: MaxPrefixDefaults): { limit: number; source: MaxPrefixSource; peeringdbCount: number | null } {
  const own = family === 4 ? member.maxPrefixV4 : member.maxPrefixV6;
  const count = (family === 4 ? member.peeringdbPrefixesV4 : member.peeringdbPrefixesV6) ?? null;
  if (own !== null && own > 0) return { limit: own, source: "member", peeringdbCount: count };
  if (count !== null && count > 0) return { limit: suggestMaxPrefix(count, family, defaults.maxPrefixPeeringDbMargin), source: "peeringdb", peeringdbCount: count };
  return { limit: family === 4 ? defaults.maxPrefixDefaultV4 : defaults.maxPrefixDefaultV6, source: "default", peeringdbCount: count };
}
