import ipaddr from "ipaddr.js";
import type { IrrPrefixEntry } from "./model";

/**
 * The only ways a value reaches bird.conf. BIRD 2.0.12 strings have no escapes at all (the lexer
 * ends a string at the next `"` and refuses newlines), so text is reduced to a safe alphabet.
 */

const SAFE_TEXT = /[^A-Za-z0-9 .,:;_\-+&()/@!?'=]/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** A BIRD string literal for free text (descriptions): accents folded, anything else unsafe becomes "_". */
export function birdString(text: string, maxLength = 64): string {
  const folded = text.normalize("NFKD").replace(COMBINING_MARKS, "");
  const safe = folded.replace(SAFE_TEXT, "_").replace(/\s+/g, " ").trim().slice(0, maxLength);
  return `"${safe}"`;
}

/** Protocol names come from numbers only, so no keyword (`rs`, `member`, ...) or odd character can appear. */
export function protocolName(asn: number, family: number, ipId: number): string {
  return `AS${integer(asn, 0, 4294967295)}_${family === 6 ? 6 : 4}_${integer(ipId, 0, Number.MAX_SAFE_INTEGER)}`;
}

export function integer(value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new Error(`${String(value)} is not a whole number from ${min} to ${max}`);
  return value;
}

/** Canonical address text of the given family, or throws. */
export function address(text: string, family: 4 | 6): string {
  if (!ipaddr.isValid(text)) throw new Error(`${JSON.stringify(text.slice(0, 60))} is not an IP address`);
  const parsed = ipaddr.parse(text);
  if (parsed.kind() !== (family === 4 ? "ipv4" : "ipv6")) throw new Error(`${text} is not an IPv${family} address`);
  return parsed.toString();
}

/** Canonical "network/length" of the given family; host bits must be zero. */
export function prefix(text: string, family: 4 | 6): { network: string; length: number } {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text);
  } catch {
    throw new Error(`${JSON.stringify(text.slice(0, 60))} is not a prefix`);
  }
  const [ip, length] = parsed;
  if (ip.kind() !== (family === 4 ? "ipv4" : "ipv6")) throw new Error(`${text} is not an IPv${family} prefix`);
  const network = family === 4 ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
  if (network.toString() !== ip.toString()) throw new Error(`${text} has host bits set`);
  return { network: ip.toString(), length };
}

/**
 * One IRR entry as a BIRD prefix-set item `net/len{min,max}`. The upper bound is the policy's
 * length bound (more-specifics are allowed up to it, as IXP Manager does), or the host length for
 * members who opted in to blackholing (the length check still rejects long non-blackhole routes).
 */
export function irrSetItem(entry: IrrPrefixEntry, family: 4 | 6, upper: number): string {
  const { network, length } = prefix(entry.prefix, family);
  const hostLength = family === 4 ? 32 : 128;
  const min = entry.ge === undefined ? length : integer(entry.ge, length, hostLength);
  const max = Math.max(upper, entry.le === undefined ? min : integer(entry.le, min, hostLength));
  return `${network}/${length}{${min},${max}}`;
}
