import type { LgProtocol } from "./service";
import type { LgRoute } from "./route-parser";

/**
 * Birdwatcher-compatible JSON (the shapes Alice-LG's birdwatcher source reads, single_table mode), built
 * from what the looking glass already parsed. Pure; docs/LOOKING-GLASS.md shows examples and the Alice config.
 * Alice's traps: api.Version a string, result_from_cache a bool, as_path/local_pref/med strings, communities numbers.
 */

export const BIRDWATCHER_VERSION = "2.0.0-ixp-portal";

/** "2025-01-01 12:00:00" in UTC: Alice's servertime_short must be set to "2006-01-02 15:04:05". */
export const shortTime = (date: Date | null) => (date ? date.toISOString().slice(0, 19).replace("T", " ") : "");

export function envelope(fetchedAt: Date, fromCache: boolean, ttlSeconds: number) {
  const cachedAt = fetchedAt.toISOString();
  return {
    api: { Version: BIRDWATCHER_VERSION, result_from_cache: fromCache, cache_status: { cached_at: { date: cachedAt, timezone_type: "UTC", timezone: "UTC" } } },
    cached_at: cachedAt,
    ttl: new Date(fetchedAt.getTime() + ttlSeconds * 1000).toISOString(),
  };
}

/** `show status` reply lines -> the /status object. */
export function birdwatcherStatus(lines: string[]) {
  const find = (pattern: RegExp) => lines.map((line) => pattern.exec(line)?.[1]).find((value) => value !== undefined);
  const time = (text: string | undefined) => text?.replace(/\s[+-]\d{4}$/, "").replace(/\.\d+$/, "") ?? "";
  return {
    version: find(/^BIRD\s+(\S+)/) ?? "unknown",
    router_id: find(/^Router ID is\s+(\S+)/) ?? "unknown",
    current_server: time(find(/^Current server time is\s+(.+)$/)),
    last_reboot: time(find(/^Last reboot on\s+(.+)$/)),
    last_reconfig: time(find(/^Last reconfiguration on\s+(.+)$/)),
    message: find(/^(Daemon is .+)$/) ?? "unknown",
  };
}

/** Alice buckets by substring: "up" for established sessions, "down"/"start"/... otherwise. */
const stateOf = (protocol: LgProtocol) => (protocol.bgpState === "Established" ? "up" : protocol.state.toLowerCase());

export function birdwatcherProtocols(protocols: readonly LgProtocol[]) {
  return Object.fromEntries(
    protocols.map((protocol) => {
      const family = protocol.neighborAddress?.includes(":") ? "ipv6" : "ipv4";
      const counts = { ...protocol.routes, preferred: protocol.routes.imported };
      return [
        protocol.name,
        {
          protocol: protocol.name,
          bird_protocol: "BGP",
          table: family === "ipv6" ? "master6" : "master4",
          state: stateOf(protocol),
          state_changed: shortTime(protocol.since),
          connection: protocol.bgpState ?? "",
          bgp_state: protocol.bgpState ?? "",
          description: protocol.owner?.name ?? "",
          neighbor_address: protocol.neighborAddress ?? "",
          neighbor_as: protocol.neighborAs ?? 0,
          last_error: protocol.lastError ?? "",
          routes: counts,
          channels: { [family]: { routes_count: counts } },
        },
      ];
    }),
  );
}

/** A route's `since` as BIRD printed it, made a full "YYYY-MM-DD HH:MM:SS" (time-only means today, UTC). */
export function routeAge(since: string, now: Date): string {
  const full = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)/.exec(since);
  if (full) return `${full[1]} ${full[2]}`;
  const time = /^(\d\d:\d\d:\d\d)/.exec(since);
  if (time) return `${now.toISOString().slice(0, 10)} ${time[1]}`;
  const date = /^(\d{4}-\d\d-\d\d)$/.exec(since);
  return date ? `${date[1]} 00:00:00` : "";
}

export function birdwatcherRoute(route: LgRoute, now: Date) {
  return {
    network: route.prefix,
    gateway: route.gateway ?? route.nextHop ?? "",
    interface: route.interface ?? "",
    from_protocol: route.fromProtocol,
    age: routeAge(route.since, now),
    learnt_from: route.learntFrom ?? "",
    primary: route.primary,
    metric: route.preference ?? 0,
    type: route.type,
    bgp: {
      origin: route.origin ?? "",
      as_path: route.asPath.map(String),
      next_hop: route.nextHop ?? "",
      local_pref: route.localPref === null ? "" : String(route.localPref),
      med: route.med === null ? "" : String(route.med),
      communities: route.communities,
      large_communities: route.largeCommunities,
      ext_communities: route.extCommunities,
      ...(route.otc === null ? {} : { otc: String(route.otc) }),
    },
  };
}
