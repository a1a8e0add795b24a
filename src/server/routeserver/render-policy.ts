import ipaddr from "ipaddr.js";
import { bogonAsnRanges, BLACKHOLE, CONTROL, GRACEFUL_SHUTDOWN, NO_EXPORT, REJECT_REASON_TAG, REJECT_REASONS, RPKI_STATE_TAG, RPKI_STATES, TRANSIT_FREE_ASNS } from "./policy";
import { bogonSetItems, GLOBAL_UNICAST_V6 } from "./bogons";
import { address, integer, prefix } from "./bird-syntax";
import type { RenderOptions } from "./model";

/**
 * The policy, written once as shared BIRD functions. Per-client protocols only pass data to
 * ixp_import()/ixp_export(): BIRD 2.0.12 parses keyword-heavy per-client filters in quadratic time.
 */

/** Reasons appear by name in bird.conf (define REASON_BOGON_PREFIX = 2;), so the config reads like the table. */
const R = Object.fromEntries(Object.keys(REJECT_REASONS).map((name) => [name, `REASON_${name}`])) as Record<keyof typeof REJECT_REASONS, string>;

/** Sentinels for "no prefix allowed": both are bogons, so nothing reaches the set test with them. */
export const NO_PREFIXES = { 4: "0.0.0.0/32{32,32}", 6: "::/128{128,128}" } as const;

function prefixSet(prefixes: readonly string[], family: 4 | 6): string {
  const items = prefixes.map((text) => {
    const { network, length } = prefix(text, family);
    return `${network}/${length}+`;
  });
  return `[ ${items.length ? items.join(", ") : NO_PREFIXES[family]} ]`;
}

function lanPrefixes(options: RenderOptions, family: 4 | 6): string[] {
  return options.lanPrefixes.filter((text) => text.includes(":") === (family === 6));
}

export function renderDefinitions(rsAsn: number, options: RenderOptions): string {
  const bogonAsns = bogonAsnRanges(options.allowPrivateAsns).map((r) => (r.first === r.last ? `${r.first}` : `${r.first}..${r.last}`));
  return [
    `define RS_ASN = ${integer(rsAsn, 1, 4294967294)};`,
    `define IPV4_MIN_LENGTH = ${options.ipv4MinLength};`,
    `define IPV4_MAX_LENGTH = ${options.ipv4MaxLength};`,
    `define IPV6_MIN_LENGTH = ${options.ipv6MinLength};`,
    `define IPV6_MAX_LENGTH = ${options.ipv6MaxLength};`,
    `define MAX_AS_PATH_LENGTH = ${options.maxAsPathLength};`,
    `define BOGON_ASNS = [ ${bogonAsns.join(", ")} ];`,
    `define TRANSIT_FREE_ASNS = [ ${TRANSIT_FREE_ASNS.join(", ")} ];`,
    ...([4, 6] as const).flatMap((family) => {
      const { bogons, allowed } = bogonSetItems(family);
      return [`define BOGONS_${family} = [ ${bogons.join(", ")} ];`, `define BOGON_EXCEPTIONS_${family} = [ ${allowed.join(", ")} ];`];
    }),
    `define BLACKHOLE_MIN_LENGTH_4 = ${options.blackholeMinLengthV4};`,
    `define BLACKHOLE_MIN_LENGTH_6 = ${options.blackholeMinLengthV6};`,
    ...(options.neverViaRouteServersAsns.length ? [`define NEVER_VIA_ROUTE_SERVERS_ASNS = [ ${[...new Set(options.neverViaRouteServersAsns)].sort((a, b) => a - b).join(", ")} ];`] : []),
    `define GLOBAL_UNICAST_6 = ${prefixSet([GLOBAL_UNICAST_V6], 6)};`,
    `define LAN_4 = ${prefixSet(lanPrefixes(options, 4), 4)};`,
    `define LAN_6 = ${prefixSet(lanPrefixes(options, 6), 6)};`,
    ...Object.entries(REJECT_REASONS).map(([name, { code, text }]) => `define ${R[name as keyof typeof REJECT_REASONS]} = ${code}; # ${text}`),
  ].join("\n");
}

/** Parses "host:port" or "[v6]:port" of the RTR validator; the host must be an address or DNS name. */
export function parseRtrServer(text: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535) throw new Error(`RTR server ${JSON.stringify(text.slice(0, 80))} must be host:port`);
  return { host: (match[1] ?? match[2])!, port };
}

export function renderRpki(options: RenderOptions): string {
  if (!options.rtrServer) return "";
  const { host, port } = parseRtrServer(options.rtrServer);
  return `
roa4 table rpki4;
roa6 table rpki6;

protocol rpki rpki_validator {
  roa4 { table rpki4; };
  roa6 { table rpki6; };
  remote "${host}" port ${port};
  retry keep 30;
  refresh keep 300;
  expire keep 7200;
}
`;
}

/** The IX's blackhole address must be on the peering LAN, or members' routers could not resolve it. */
function blackholeNextHop(text: string, family: 4 | 6, options: RenderOptions): string {
  const canonical = address(text, family);
  const lans = lanPrefixes(options, family);
  const parsed = ipaddr.parse(canonical);
  if (lans.length && !lans.some((lan) => parsed.match(ipaddr.parseCIDR(lan)))) {
    throw new Error(`RS_BLACKHOLE_NEXT_HOP_V${family} ${canonical} is not on the peering LAN (${lans.join(", ")})`);
  }
  return canonical;
}

/** Every import check, in order; the first that fails names the reason. */
export function renderImportFunction(options: RenderOptions): string {
  const tag = (state: number) => `bgp_large_community.add((RS_ASN, ${RPKI_STATE_TAG}, ${state}));`;
  const rov = (table: string) =>
    `case roa_check(${table}, net, bgp_path.last) {
      ROA_VALID: ${tag(RPKI_STATES.VALID)}
      ROA_INVALID: { ${tag(RPKI_STATES.INVALID)} ixp_reject(${R.RPKI_INVALID}); }
      else: ${tag(RPKI_STATES.UNKNOWN)}
    }`;
  const rpki = options.rtrServer
    ? `
  # RPKI ROV: the state is tagged on every route checked, invalid ones are rejected.
  if net.type = NET_IP4 then {
    ${rov("rpki4")}
  } else {
    ${rov("rpki6")}
  }`
    : `
  ${tag(RPKI_STATES.NOT_CHECKED)}`;
  const neverVia = options.neverViaRouteServersAsns.length
    ? `
  if delete(bgp_path, peer_as) ~ [= * NEVER_VIA_ROUTE_SERVERS_ASNS * =] then ixp_reject(${R.NEVER_VIA_ROUTE_SERVERS});`
    : "";
  const nextHop = ([4, 6] as const).flatMap((family) => {
    const configured = family === 4 ? options.blackholeNextHopV4 : options.blackholeNextHopV6;
    return configured ? [`if net.type = NET_IP${family} then bgp_next_hop = ${blackholeNextHop(configured, family, options)};`] : [];
  });
  return `
# Tag a rejected route with its reason; "import keep filtered" keeps it for looking glasses.
function ixp_reject(int reason) {
  bgp_large_community.add((RS_ASN, ${REJECT_REASON_TAG}, reason));
  reject;
}

# IANA special-purpose blocks (src/server/routeserver/bogons.ts); IPv6 outside global unicast.
function ixp_bogon(prefix p) {
  if p.type = NET_IP4 then return p ~ BOGONS_4 && !(p ~ BOGON_EXCEPTIONS_4);
  return !(p ~ GLOBAL_UNICAST_6) || (p ~ BOGONS_6 && !(p ~ BOGON_EXCEPTIONS_6));
}

# blackhole_ok is 1 or 0, not a bool: BIRD 2.0.12 parses each true/false literal in a session's filter
# in time that grows with the number of sessions (10,000 members: 5.4 s instead of 1.8 s).
function ixp_import(int peer_as; ip set next_hops; int set origins; prefix set irr; int blackhole_ok)
bool bh_route;
{
  # Nobody but the route server sets reject reasons or RPKI states.
  bgp_large_community.delete([(RS_ASN, ${REJECT_REASON_TAG}, *), (RS_ASN, ${RPKI_STATE_TAG}, *)]);
  bh_route = ${BLACKHOLE} ~ bgp_community;
  if bh_route && blackhole_ok = 0 then ixp_reject(${R.BLACKHOLE_NOT_ALLOWED});
  if net.type = NET_IP4 then {
    if net ~ LAN_4 then ixp_reject(${R.PEERING_LAN});
    if ixp_bogon(net) then ixp_reject(${R.BOGON_PREFIX});
    if net.len < IPV4_MIN_LENGTH || (net.len > IPV4_MAX_LENGTH && !bh_route) then ixp_reject(${R.PREFIX_LENGTH});
    if bh_route && net.len < BLACKHOLE_MIN_LENGTH_4 then ixp_reject(${R.BLACKHOLE_LENGTH});
  } else {
    if net ~ LAN_6 then ixp_reject(${R.PEERING_LAN});
    if ixp_bogon(net) then ixp_reject(${R.BOGON_PREFIX});
    if net.len < IPV6_MIN_LENGTH || (net.len > IPV6_MAX_LENGTH && !bh_route) then ixp_reject(${R.PREFIX_LENGTH});
    if bh_route && net.len < BLACKHOLE_MIN_LENGTH_6 then ixp_reject(${R.BLACKHOLE_LENGTH});
  }
  if bgp_path.len > MAX_AS_PATH_LENGTH then ixp_reject(${R.AS_PATH_TOO_LONG});
  if bgp_path ~ [= * BOGON_ASNS * =] then ixp_reject(${R.BOGON_ASN});
  if bgp_path.first != peer_as then ixp_reject(${R.FIRST_AS});
  if !(bgp_next_hop ~ next_hops) then ixp_reject(${R.NEXT_HOP});
  if bgp_path ~ [= * TRANSIT_FREE_ASNS * =] then ixp_reject(${R.TRANSIT_FREE_ASN});${neverVia}
  if !(bgp_path.last ~ origins) then ixp_reject(${R.IRR_ORIGIN});
  if !(net ~ irr) then ixp_reject(${R.IRR_PREFIX});${rpki}
  # Graceful shutdown (RFC 8326): make the route least preferred while the session drains.
  if ${GRACEFUL_SHUTDOWN} ~ bgp_community then bgp_local_pref = 0;
  # RFC 7999: a blackhole must not travel beyond the members${nextHop.length ? ", and its traffic goes to the IX's blackhole address" : ""}.
  if bh_route then {
    bgp_community.add(${NO_EXPORT});${nextHop.map((line) => `
    ${line}`).join("")}
  }
  accept;
}
`;
}

/**
 * Euro-IX control communities; standard-community forms only exist when RS_ASN fits 16 bits.
 * gracefulShutdown: a maintenance window is near or on, so every route leaves tagged GRACEFUL_SHUTDOWN.
 */
export function renderExportFunction(rsAsn: number, gracefulShutdown = false): string {
  const short = rsAsn < 65536;
  const peerShort = (body: string) => (short ? `\n  if peer_as < 65536 then {\n${body}\n  }` : "");
  const prepend = (times: number, fn: number) =>
    `  if (RS_ASN, ${fn}, peer_as) ~ bgp_large_community then {\n${"    bgp_path = prepend(bgp_path, bgp_path.first);\n".repeat(times)}  }`;
  return `
function ixp_export(int peer_as) {
  if (RS_ASN, ${CONTROL.DO_NOT_ANNOUNCE}, peer_as) ~ bgp_large_community then reject;${peerShort(`    if (0, peer_as) ~ bgp_community then reject;`)}
  if (RS_ASN, ${CONTROL.DO_NOT_ANNOUNCE}, 0) ~ bgp_large_community${short ? " || (0, RS_ASN) ~ bgp_community" : ""} then {
    if !((RS_ASN, ${CONTROL.ANNOUNCE_ONLY}, peer_as) ~ bgp_large_community) then {${
      short ? `\n      if peer_as > 65535 then reject;\n      if !((RS_ASN, peer_as) ~ bgp_community) then reject;` : "\n      reject;"
    }
    }
  }
${prepend(1, CONTROL.PREPEND_ONCE)}
${prepend(2, CONTROL.PREPEND_TWICE)}
${prepend(3, CONTROL.PREPEND_THRICE)}
  # The IX's own control communities are not for the rest of the internet; the RPKI state stays.
  bgp_large_community.delete([(RS_ASN, 0..${RPKI_STATE_TAG - 1}, *), (RS_ASN, ${RPKI_STATE_TAG + 1}..4294967295, *)]);${short ? "\n  bgp_community.delete([(0, *), (RS_ASN, *)]);" : ""}${
    gracefulShutdown ? `\n  # Maintenance of this route server (RFC 8326): members move their traffic to other paths before it goes away.\n  bgp_community.add(${GRACEFUL_SHUTDOWN});` : ""
  }
  accept;
}
`;
}
