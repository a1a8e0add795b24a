import { createHash } from "node:crypto";
import ipaddr from "ipaddr.js";

/**
 * Reverse zones for the peering LANs: rows in, zone text out (no I/O).
 *
 * Zones sit on the delegation boundaries of the reverse trees: octets for IPv4, nibbles for IPv6. A prefix
 * shorter than a boundary is split into the zones below it (a /22 becomes four /24 zones, an IPv6 /62 four
 * /64 zones); an IPv4 prefix longer than /24 gets its covering /24 zone (we serve the whole /24 rather than
 * RFC 2317 classless delegation, which needs CNAMEs in the parent's zone that an IX rarely controls).
 */

export interface PtrAddress {
  address: string;
  asn: number;
  /** The POP code of the connection carrying the address; null when it has none. */
  pop: string | null;
  lan: string;
}

export interface ReverseDnsSettings {
  domain: string;
  template: string;
  /** The first is the SOA's primary name server. */
  nameservers: string[];
  hostmaster: string;
  ttl: number;
}

export interface PtrRecord {
  /** Relative to the zone, e.g. "5" or "5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0". */
  label: string;
  target: string;
}

export interface ReverseZone {
  /** Without the final dot. */
  name: string;
  records: PtrRecord[];
}

const MAX_SERIAL = 4_294_967_295;

/** The reverse name of one address, without the final dot. */
export function reverseName(address: string): string {
  const bytes = ipaddr.parse(address).toByteArray();
  if (bytes.length === 4) return `${bytes.reverse().join(".")}.in-addr.arpa`;
  return `${nibbles(bytes).map((nibble) => nibble.toString(16)).reverse().join(".")}.ip6.arpa`;
}

/** The reverse zones that hold a prefix's addresses (see the module comment for the boundaries). */
export function reverseZoneNames(prefix: string): string[] {
  const [network, length] = ipaddr.parseCIDR(prefix);
  const bytes = network.toByteArray();
  const v4 = bytes.length === 4;
  const digits = v4 ? bytes : nibbles(bytes);
  const bitsPerDigit = v4 ? 8 : 4;
  const zoneDigits = Math.min(v4 ? 3 : 31, Math.ceil(length / bitsPerDigit));
  const splitBits = Math.max(0, zoneDigits * bitsPerDigit - length);
  const suffix = v4 ? "in-addr.arpa" : "ip6.arpa";
  const names: string[] = [];
  for (let offset = 0; offset < 2 ** splitBits; offset++) {
    const zone = digits.slice(0, zoneDigits);
    // Add the offset to the last digit(s) the split covers; the prefix's own bits there are zero.
    let carry = offset;
    for (let i = zoneDigits - 1; i >= 0 && carry > 0; i--) {
      const sum = zone[i]! + carry;
      zone[i] = sum % 2 ** bitsPerDigit;
      carry = Math.floor(sum / 2 ** bitsPerDigit);
    }
    names.push([...zone.map((digit) => digit.toString(v4 ? 10 : 16)).reverse(), suffix].join("."));
  }
  return names;
}

/** The PTR target for one address: the template filled in, each value made a valid host-name label. */
export function ptrName(template: string, values: { asn: number; pop: string | null; lan: string; address: string; domain: string }): string {
  const filled = template.replace(/\{(asn|pop|lan|ip|domain)\}/g, (_, key: string) => {
    switch (key) {
      case "asn":
        return String(values.asn);
      // Dots inside a value would make extra labels: each value stays one label.
      case "pop":
        return hostLabel(values.pop ?? "");
      case "lan":
        return hostLabel(values.lan);
      case "ip":
        return hostLabel(values.address.replace(/[.:]/g, "-"));
      default:
        return values.domain;
    }
  });
  // An empty value (no POP) leaves an empty label or a dangling hyphen: drop them ("as65001.example.net").
  const labels = filled.toLowerCase().split(".").map(hostLabel).filter(Boolean);
  return `${labels.join(".")}.`;
}

/** Lower-case letters, digits and inner hyphens, at most 63 characters (RFC 1123). */
function hostLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 63)
    .replace(/-+$/, "");
}

/** Every zone of the prefixes with the PTR records of the addresses inside it, in address order. */
export function planReverseZones(prefixes: string[], addresses: PtrAddress[], settings: ReverseDnsSettings): ReverseZone[] {
  const zones = new Map<string, PtrRecord[]>();
  for (const name of prefixes.flatMap(reverseZoneNames)) zones.set(name, []);
  const sorted = [...addresses].sort((a, b) => compareAddresses(a.address, b.address));
  for (const row of sorted) {
    const full = reverseName(row.address);
    const zone = [...zones.keys()].find((name) => full.endsWith(`.${name}`));
    if (!zone) continue;
    zones.get(zone)!.push({ label: full.slice(0, -(zone.length + 1)), target: ptrName(settings.template, { ...row, domain: settings.domain }) });
  }
  return [...zones.entries()].map(([name, records]) => ({ name, records }));
}

/** The zone file. Only the serial changes between two renders of the same records. */
export function renderZone(zone: ReverseZone, settings: ReverseDnsSettings, serial: number): string {
  const absolute = (name: string) => `${name.replace(/\.$/, "")}.`;
  const [primary] = settings.nameservers;
  // RNAME: the mailbox's local part with its dots escaped, then its domain (RFC 1035 §8).
  const at = settings.hostmaster.lastIndexOf("@");
  const mailbox = `${settings.hostmaster.slice(0, at).replace(/\./g, "\\.")}.${settings.hostmaster.slice(at + 1)}`;
  return [
    `; ${zone.name}: reverse DNS for the peering LAN, generated by IXP Portal (edits are overwritten)`,
    `$ORIGIN ${zone.name}.`,
    `$TTL ${settings.ttl}`,
    // refresh, retry, expire, negative-caching TTL
    `@ IN SOA ${absolute(primary!)} ${absolute(mailbox)} ( ${serial} 3600 900 1209600 ${Math.min(settings.ttl, 3600)} )`,
    ...settings.nameservers.map((ns) => `@ IN NS ${absolute(ns)}`),
    ...zone.records.map((record) => `${record.label} IN PTR ${record.target}`),
    "",
  ].join("\n");
}

/** What decides whether a zone changed: its text without the serial. */
export function zoneContentHash(zone: ReverseZone, settings: ReverseDnsSettings): string {
  return createHash("sha256").update(renderZone(zone, settings, 0)).digest("hex");
}

/**
 * The next SOA serial, in the usual YYYYMMDDnn form: the first change of a day starts at nn=00, later
 * ones count up, and a serial already past today's (many changes, or a clock set back) just goes on by one.
 */
export function nextSerial(previous: number | null, now: Date): number {
  const today = Number(now.toISOString().slice(0, 10).replace(/-/g, "")) * 100;
  if (previous === null || previous < today) return Math.min(today, MAX_SERIAL);
  // Past 2^32-1 the serial would wrap (RFC 1982); no date before year 42949 gets there.
  return Math.min(previous + 1, MAX_SERIAL);
}

function nibbles(bytes: number[]): number[] {
  return bytes.flatMap((byte) => [byte >> 4, byte & 15]);
}

function compareAddresses(a: string, b: string): number {
  const [x, y] = [ipaddr.parse(a).toByteArray(), ipaddr.parse(b).toByteArray()];
  if (x.length !== y.length) return x.length - y.length;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}
