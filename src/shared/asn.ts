/**
 * The single source of truth for which AS numbers are acceptable, used by request validation,
 * the route-server bogon-ASN filter and the CLI.
 */
export const MAX_ASN = 4294967295;

export type AsnClass = "public" | "private" | "documentation" | "reserved";

/** IANA special-purpose AS numbers (RFC 5398, 6793, 6996, 7300, 7607 and IANA's reserved block). */
export const SPECIAL_ASN_RANGES: readonly { first: number; last: number; kind: Exclude<AsnClass, "public">; why: string }[] = [
  { first: 0, last: 0, kind: "reserved", why: "AS 0 is reserved (RFC 7607)" },
  { first: 23456, last: 23456, kind: "reserved", why: "AS 23456 is AS_TRANS (RFC 6793)" },
  { first: 64496, last: 64511, kind: "documentation", why: "is reserved for documentation (RFC 5398)" },
  { first: 64512, last: 65534, kind: "private", why: "is a private-use ASN (RFC 6996)" },
  { first: 65535, last: 65535, kind: "reserved", why: "AS 65535 is reserved (RFC 7300)" },
  { first: 65536, last: 65551, kind: "documentation", why: "is reserved for documentation (RFC 5398)" },
  { first: 65552, last: 131071, kind: "reserved", why: "is in a block reserved by IANA" },
  { first: 4200000000, last: 4294967294, kind: "private", why: "is a private-use ASN (RFC 6996)" },
  { first: 4294967295, last: 4294967295, kind: "reserved", why: "AS 4294967295 is reserved (RFC 7300)" },
];

export function classifyAsn(asn: number): { kind: AsnClass; why?: string } {
  const special = SPECIAL_ASN_RANGES.find((r) => asn >= r.first && asn <= r.last);
  return special ? { kind: special.kind, why: special.why } : { kind: "public" };
}

/** Parses "AS64500", "as64500" or "64500"; null if it is not a 32-bit AS number. */
export function parseAsn(text: string): number | null {
  const match = /^\s*(?:AS)?(\d{1,10})\s*$/i.exec(text);
  if (!match?.[1]) return null;
  const value = Number(match[1]);
  return Number.isSafeInteger(value) && value <= MAX_ASN ? value : null;
}

/** Why an ASN may not peer here, or null if it may. */
export function asnRejectionReason(asn: number, options: { allowPrivate: boolean }): string | null {
  if (!Number.isInteger(asn) || asn < 0 || asn > MAX_ASN) return "must be a whole number from 1 to 4294967294";
  const { kind, why } = classifyAsn(asn);
  if (kind === "public" || (kind === "private" && options.allowPrivate)) return null;
  return `AS${asn} ${why ?? "is not a public ASN"}`;
}
