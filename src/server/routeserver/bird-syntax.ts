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

const V4_PREFIX = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\/(\d{1,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** The eight 16-bit words of a plain IPv6 address text, or null (embedded IPv4 and zones are not plain). */
function ipv6Words(text: string): number[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  if (!head.every((g) => HEX_GROUP.test(g)) || !tail.every((g) => HEX_GROUP.test(g))) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail].map((g) => parseInt(g, 16));
}

/** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero words as "::". */
function formatIpv6(words: number[]): string {
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = words.map((w) => w.toString(16));
  return best < 0 ? hex.join(":") : `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLength).join(":")}`;
}

/**
 * Canonical "network/length" of the given family; host bits must be zero. IRR lists hold hundreds
 * of thousands of prefixes, so plain forms are parsed here directly (ipaddr.js is ~10x slower).
 */
export function prefix(text: string, family: 4 | 6): { network: string; length: number } {
  const invalid = () => new Error(`${JSON.stringify(String(text).slice(0, 60))} is not an IPv${family} prefix`);
  if (typeof text !== "string") throw invalid();
  if (family === 4) {
    const match = V4_PREFIX.exec(text);
    if (!match) throw invalid();
    const [a, b, c, d, length] = [+match[1]!, +match[2]!, +match[3]!, +match[4]!, +match[5]!];
    if (a > 255 || b > 255 || c > 255 || d > 255 || length > 32) throw invalid();
    const hostMask = length === 32 ? 0 : 0xffffffff >>> length;
    if (((((a << 24) | (b << 16) | (c << 8) | d) & hostMask) >>> 0) !== 0) throw new Error(`${text} has host bits set`);
    // The pattern only admits the canonical form, so the text is already the canonical network.
    return { network: text.slice(0, text.indexOf("/")), length };
  }
  const slash = text.lastIndexOf("/");
  const lengthText = text.slice(slash + 1);
  const length = Number(lengthText);
  if (slash < 0 || !/^\d{1,3}$/.test(lengthText) || length > 128) throw invalid();
  const words = ipv6Words(text.slice(0, slash)) ?? ipv6WordsSlow(text.slice(0, slash));
  if (!words) throw invalid();
  for (let bit = length; bit < 128; bit++) {
    if ((words[bit >> 4]! >> (15 - (bit & 15))) & 1) throw new Error(`${text} has host bits set`);
  }
  return { network: formatIpv6(words), length };
}

/** Forms the fast path leaves out (embedded IPv4): ipaddr.js decides. */
function ipv6WordsSlow(text: string): number[] | null {
  return ipaddr.IPv6.isValid(text) && !text.includes("%") ? ipaddr.IPv6.parse(text).parts : null;
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
