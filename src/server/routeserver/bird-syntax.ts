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

/*
 * IRR lists hold millions of prefixes (2.2 million at 10,000 members), so plain forms are parsed here by
 * character codes, without regular expressions, closures or intermediate arrays (ipaddr.js is ~10x
 * slower, and the garbage they leave dominated rendering); ipaddr.js still decides the rare other forms.
 */

const NOT_A_PREFIX = -1;
const HOST_BITS_SET = -2;

/**
 * The length of a canonical IPv4 prefix text ("11.0.0.0/24": decimal octets without leading zeros, a
 * one- or two-digit length), NOT_A_PREFIX, or HOST_BITS_SET.
 */
function ipv4PrefixLength(text: string): number {
  const end = text.length;
  let address = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let i = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) return NOT_A_PREFIX; // a leading zero
      octet = octet * 10 + c - 48;
      if (++digits > 3 || octet > 255) return NOT_A_PREFIX;
    } else if (digits > 0 && (c === 46 ? dots < 3 : c === 47 && dots === 3)) {
      address = address * 256 + octet;
      octet = 0;
      digits = 0;
      if (c === 47) break;
      dots++;
    } else {
      return NOT_A_PREFIX;
    }
  }
  const lengthDigits = end - i - 1;
  if (i === end || lengthDigits < 1 || lengthDigits > 2) return NOT_A_PREFIX;
  let length = 0;
  for (let j = i + 1; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c < 48 || c > 57) return NOT_A_PREFIX;
    length = length * 10 + c - 48;
  }
  if (length > 32) return NOT_A_PREFIX;
  return address % 2 ** (32 - length) === 0 ? length : HOST_BITS_SET;
}

/** Scratch space for the eight 16-bit words of the IPv6 address being parsed (one at a time, synchronously). */
const WORDS = new Uint16Array(8);

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Fills WORDS from a plain IPv6 address text (text[0, end)); false when it is not plain (embedded IPv4,
 * zones and anything invalid are not).
 */
function ipv6Words(text: string, end: number): boolean {
  let count = 0; // words written so far
  let gap = -1; // index in WORDS where "::" stands
  let i = 0;
  if (end >= 2 && text.charCodeAt(0) === 58 && text.charCodeAt(1) === 58) {
    gap = 0;
    i = 2;
    if (i === end) {
      WORDS.fill(0);
      return true;
    }
  }
  for (;;) {
    let word = 0;
    let digits = 0;
    for (; i < end; i++) {
      const d = hexDigit(text.charCodeAt(i));
      if (d < 0) break;
      word = word * 16 + d;
      if (++digits > 4) return false;
    }
    if (digits === 0 || count === 8) return false;
    WORDS[count++] = word;
    if (i === end) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (i < end && text.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = count;
      i++;
      if (i === end) break;
    } else if (i === end) {
      return false; // a trailing single ":"
    }
  }
  if (gap < 0) return count === 8;
  if (count > 7) return false;
  const moved = count - gap;
  WORDS.copyWithin(8 - moved, gap, count);
  WORDS.fill(0, gap, 8 - moved);
  return true;
}

/** RFC 5952 text of WORDS: lower case, no leading zeros, the longest run of two or more zero words as "::". */
function formatIpv6Words(): string {
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && WORDS[j] === 0) j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  let text = "";
  for (let i = 0; i < 8; i++) {
    if (i === best) {
      text += "::";
      i += bestLength - 1;
    } else {
      text += i === 0 || i === best + bestLength ? WORDS[i]!.toString(16) : `:${WORDS[i]!.toString(16)}`;
    }
  }
  return text;
}

function notAPrefix(text: unknown, family: 4 | 6): Error {
  return new Error(`${JSON.stringify(String(text).slice(0, 60))} is not an IPv${family} prefix`);
}

/**
 * The canonical network text and length of an IPv6 prefix text, or an error; words that are not plain
 * (embedded IPv4) go to ipaddr.js.
 */
function ipv6Prefix(text: string): { network: string; length: number } | Error {
  const slash = text.lastIndexOf("/");
  const lengthDigits = text.length - slash - 1;
  if (slash < 0 || lengthDigits < 1 || lengthDigits > 3) return notAPrefix(text, 6);
  let length = 0;
  for (let j = slash + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c < 48 || c > 57) return notAPrefix(text, 6);
    length = length * 10 + c - 48;
  }
  if (length > 128) return notAPrefix(text, 6);
  if (!ipv6Words(text, slash)) {
    const address = text.slice(0, slash);
    if (!ipaddr.IPv6.isValid(address) || address.includes("%")) return notAPrefix(text, 6);
    WORDS.set(ipaddr.IPv6.parse(address).parts);
  }
  // Host bits: the low (16 - length % 16) bits of the word the length ends in, and every word after it.
  const partial = length >> 4;
  if (partial < 8 && WORDS[partial]! & (0xffff >> (length & 15))) return new Error(`${text} has host bits set`);
  for (let word = partial + 1; word < 8; word++) {
    if (WORDS[word] !== 0) return new Error(`${text} has host bits set`);
  }
  return { network: formatIpv6Words(), length };
}

/** Canonical "network/length" of the given family; host bits must be zero. */
export function prefix(text: string, family: 4 | 6): { network: string; length: number } {
  if (typeof text !== "string") throw notAPrefix(text, family);
  if (family === 6) {
    const parsed = ipv6Prefix(text);
    if (parsed instanceof Error) throw parsed;
    return parsed;
  }
  const length = ipv4PrefixLength(text);
  if (length === HOST_BITS_SET) throw new Error(`${text} has host bits set`);
  if (length === NOT_A_PREFIX) throw notAPrefix(text, 4);
  // Only the canonical form is admitted, so the text is already the canonical network.
  return { network: text.slice(0, text.indexOf("/")), length };
}

/**
 * One IRR entry as a BIRD prefix-set item `net/len{min,max}`. The upper bound is the policy's
 * length bound (more-specifics are allowed up to it, as IXP Manager does), or the host length for
 * members who opted in to blackholing (the length check still rejects long non-blackhole routes).
 */
export function irrSetItem(entry: IrrPrefixEntry, family: 4 | 6, upper: number): string {
  const text = entry.prefix;
  let head: string; // "network/length"
  let length = family === 4 && typeof text === "string" ? ipv4PrefixLength(text) : NOT_A_PREFIX;
  if (length >= 0 && !(text.charCodeAt(text.length - 3) === 47 && text.charCodeAt(text.length - 2) === 48)) {
    head = text; // canonical already (a length such as "/08" is not)
  } else {
    const parsed = prefix(text, family);
    length = parsed.length;
    head = `${parsed.network}/${length}`;
  }
  const hostLength = family === 4 ? 32 : 128;
  const min = entry.ge === undefined ? length : integer(entry.ge, length, hostLength);
  const max = Math.max(upper, entry.le === undefined ? min : integer(entry.le, min, hostLength));
  return head + lengthRange(min, max);
}

/** "{min,max}" strings, made once each: most entries of a list share one. */
const LENGTH_RANGES: string[] = [];

function lengthRange(min: number, max: number): string {
  const key = min * 129 + max;
  return (LENGTH_RANGES[key] ??= `{${min},${max}}`);
}
