import { SPECIAL_ASN_RANGES } from "@/shared/asn";

/**
 * The route-server policy's vocabulary: reject reasons, IX control communities and the fixed
 * lists the shared BIRD functions use. docs/ROUTESERVER.md repeats the reason table.
 */

/** Rejected routes are kept (import keep filtered) and tagged (RS_ASN, REJECT_REASON_TAG, code). */
export const REJECT_REASON_TAG = 65520;

export const REJECT_REASONS = {
  AS_PATH_TOO_LONG: { code: 1, text: "AS path longer than the maximum" },
  BOGON_PREFIX: { code: 2, text: "bogon or martian prefix" },
  PREFIX_LENGTH: { code: 3, text: "prefix length outside the allowed bounds" },
  BOGON_ASN: { code: 4, text: "bogon ASN in the AS path" },
  FIRST_AS: { code: 5, text: "first AS in the path is not the peer's ASN" },
  NEXT_HOP: { code: 6, text: "next hop is not the peer's address" },
  TRANSIT_FREE_ASN: { code: 7, text: "transit-free ASN in the AS path" },
  IRR_ORIGIN: { code: 8, text: "origin ASN not covered by the member's AS-SET" },
  IRR_PREFIX: { code: 9, text: "prefix not in the member's IRR prefix list" },
  RPKI_INVALID: { code: 10, text: "RPKI ROV invalid" },
  BLACKHOLE_NOT_ALLOWED: { code: 11, text: "blackhole community from a member who did not opt in" },
  PEERING_LAN: { code: 12, text: "prefix of the IX peering LAN" },
  BLACKHOLE_LENGTH: { code: 13, text: "blackhole route less specific than allowed" },
  NEVER_VIA_ROUTE_SERVERS: { code: 14, text: "a network that must never be reached via route servers is in the AS path" },
} as const;
export type RejectReason = keyof typeof REJECT_REASONS;

/**
 * Euro-IX route-server control communities, as large communities (RS_ASN, function, peer) and,
 * where both ASNs fit 16 bits, standard ones. All are removed before a route is exported.
 */
export const CONTROL = {
  DO_NOT_ANNOUNCE: 0,
  ANNOUNCE_ONLY: 1,
  PREPEND_ONCE: 101,
  PREPEND_TWICE: 102,
  PREPEND_THRICE: 103,
} as const;

export const GRACEFUL_SHUTDOWN = "(65535, 0)";
export const BLACKHOLE = "(65535, 666)";
/** RFC 1997 NO_EXPORT, added to accepted blackhole routes (RFC 7999 section 3.2). */
export const NO_EXPORT = "(65535, 65281)";

/**
 * RPKI ROV state of every accepted route, as the informational large community
 * (RS_ASN, RPKI_STATE_TAG, state); it stays on the route when exported to members.
 */
export const RPKI_STATE_TAG = 1000;
export const RPKI_STATES = { VALID: 1, UNKNOWN: 2, NOT_CHECKED: 3, INVALID: 4 } as const;

/** Networks that do not provide transit to anyone (the list arouteserver and IXP Manager use). */
export const TRANSIT_FREE_ASNS = [
  174, 701, 1299, 2914, 3257, 3320, 3356, 3491, 5511, 6453, 6461, 6762, 6830, 7018, 12956,
] as const;

/** ASN ranges that must not appear in a path: IANA's special-purpose list, optionally minus private use. */
export function bogonAsnRanges(allowPrivate: boolean): { first: number; last: number }[] {
  return SPECIAL_ASN_RANGES.filter((range) => !(allowPrivate && range.kind === "private")).map(({ first, last }) => ({ first, last }));
}
