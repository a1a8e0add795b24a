import type { BirdLine } from "@/server/routeserver/bird-client";

/** One route from BIRD's `show route ... all`, with the BGP attributes a looking glass shows. */
export interface LgRoute {
  prefix: string;
  /** BIRD's route kind: unicast, blackhole, unreachable, ... */
  kind: string;
  /** The protocol that imported it (the neighbor's session on a route server). */
  fromProtocol: string;
  /** BIRD's time column as printed (its `timeformat route`). */
  since: string;
  /** The neighbor address when BIRD prints `from X` (it differs from the gateway). */
  learntFrom: string | null;
  primary: boolean;
  preference: number | null;
  gateway: string | null;
  interface: string | null;
  type: string[];
  origin: string | null;
  asPath: number[];
  nextHop: string | null;
  localPref: number | null;
  med: number | null;
  otc: number | null;
  communities: [number, number][];
  largeCommunities: [number, number, number][];
  extCommunities: [string, string, string][];
}

// "23.1.1.0/24  unicast [AS30001_4_7 2026-11-29 22:13:10 from 198.18.0.11] * (100) [AS30001i]"
// A second route for the same prefix starts with whitespace instead of the prefix.
const HEADER = /^(\S+)?\s+(\w+)\s+\[(\S+)\s+([^\]]*?)(?:\s+from\s+(\S+))?\]\s*(\*)?\s*(?:\((\d+)(?:\/[^)]*)?\))?/;

const numbersIn = (text: string) => (text.match(/\d+/g) ?? []).map(Number);

function emptyRoute(prefix: string, match: RegExpExecArray): LgRoute {
  return {
    prefix,
    kind: match[2]!,
    fromProtocol: match[3]!,
    since: match[4]!.trim(),
    learntFrom: match[5] ?? null,
    primary: match[6] === "*",
    preference: match[7] ? Number(match[7]) : null,
    gateway: null,
    interface: null,
    type: [],
    origin: null,
    asPath: [],
    nextHop: null,
    localPref: null,
    med: null,
    otc: null,
    communities: [],
    largeCommunities: [],
    extCommunities: [],
  };
}

function readAttribute(route: LgRoute, line: string): void {
  const via = /^via\s+(\S+)(?:\s+on\s+(\S+))?/.exec(line);
  if (via) {
    route.gateway = via[1]!;
    route.interface = via[2] ?? null;
    return;
  }
  const colon = line.indexOf(":");
  if (colon < 0) return;
  const key = line.slice(0, colon).trim();
  const value = line.slice(colon + 1).trim();
  switch (key) {
    case "Type":
      route.type = value.split(/\s+/).filter(Boolean);
      break;
    case "BGP.origin":
      route.origin = value;
      break;
    case "BGP.as_path":
      // AS sets print as "{1 2}"; their members count as path elements for the graph.
      route.asPath = numbersIn(value);
      break;
    case "BGP.next_hop":
      route.nextHop = value.split(/\s+/)[0] ?? null;
      break;
    case "BGP.local_pref":
      route.localPref = Number(value);
      break;
    case "BGP.med":
      route.med = Number(value);
      break;
    case "BGP.otc":
      route.otc = Number(value);
      break;
    case "BGP.community":
      route.communities = [...value.matchAll(/\((\d+),\s*(\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      break;
    case "BGP.large_community":
      route.largeCommunities = [...value.matchAll(/\((\d+),\s*(\d+),\s*(\d+)\)/g)].map((m) => [Number(m[1]), Number(m[2]), Number(m[3])]);
      break;
    case "BGP.ext_community":
      route.extCommunities = [...value.matchAll(/\((\w+),\s*([^,)]+),\s*([^)]+)\)/g)].map((m) => [m[1]!, m[2]!.trim(), m[3]!.trim()]);
      break;
  }
}

/** Parses the reply of `show route [table T] [filtered] ... all` into routes, in BIRD's order. */
export function parseShowRouteAll(lines: BirdLine[]): LgRoute[] {
  const routes: LgRoute[] = [];
  let current: LgRoute | undefined;
  for (const { code, text } of lines) {
    if (code === 1007 && /^Table /.test(text)) {
      current = undefined;
      continue;
    }
    if (code === 1007) {
      const match = HEADER.exec(text);
      if (match && (match[1] || current)) {
        current = emptyRoute(match[1] ?? current!.prefix, match);
        routes.push(current);
        continue;
      }
    }
    if (current) readAttribute(current, text.trim());
  }
  return routes;
}
