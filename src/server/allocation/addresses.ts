import ipaddr from "ipaddr.js";
import { DomainError } from "@/server/errors";
import type { AllocationScheme } from "@/shared/enums";

/** Pure address arithmetic for a peering LAN: no I/O, so it is shared by the allocator, seeding and tests. */

export interface AddressRange {
  family: number;
  firstAddress: string;
  lastAddress: string;
}

export interface LanPlan {
  ipv4Prefix: string | null;
  ipv6Prefix: string | null;
  allocationScheme: AllocationScheme;
  reservations: readonly AddressRange[];
}

export class AllocationError extends DomainError {}

/** The one textual form an address is stored and compared in. */
export function canonicalAddress(text: string): string {
  const parsed = ipaddr.parse(text.trim());
  return parsed.toString();
}

function toBigInt(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return address.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

function fromBigInt(value: bigint, family: 4 | 6): string {
  const length = family === 4 ? 4 : 16;
  const bytes: number[] = [];
  for (let i = 0; i < length; i++) bytes.unshift(Number((value >> BigInt(8 * i)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

export function parsePrefix(cidr: string): { family: 4 | 6; network: bigint; length: number; size: bigint } {
  const [address, length] = ipaddr.parseCIDR(cidr);
  const family = address.kind() === "ipv4" ? 4 : 6;
  const bits = family === 4 ? 32 : 128;
  const size = 1n << BigInt(bits - length);
  const network = (toBigInt(address) / size) * size;
  return { family, network, length, size };
}

function isReserved(value: bigint, family: 4 | 6, reservations: readonly AddressRange[]): boolean {
  return reservations.some(
    (r) => r.family === family && value >= toBigInt(ipaddr.parse(r.firstAddress)) && value <= toBigInt(ipaddr.parse(r.lastAddress)),
  );
}

/** Free host addresses of one family in order, skipping network/broadcast (IPv4), subnet-router anycast (IPv6), reservations and used ones. */
export function* freeAddresses(plan: LanPlan, family: 4 | 6, used: ReadonlySet<string>, startOffset = 1n): Generator<string> {
  const cidr = family === 4 ? plan.ipv4Prefix : plan.ipv6Prefix;
  if (!cidr) return;
  const { network, size } = parsePrefix(cidr);
  const last = family === 4 ? network + size - 2n : network + size - 1n;
  for (let value = network + (startOffset < size ? startOffset : 1n); value <= last; value++) {
    if (isReserved(value, family, plan.reservations)) continue;
    const address = fromBigInt(value, family);
    if (!used.has(address)) yield address;
  }
}

export function firstFreeAddress(plan: LanPlan, family: 4 | 6, used: ReadonlySet<string>, startOffset = 1n): string {
  const next = freeAddresses(plan, family, used, startOffset).next();
  if (next.done) {
    throw new AllocationError(`the IPv${family} peering LAN ${family === 4 ? plan.ipv4Prefix : plan.ipv6Prefix} has no free address left`);
  }
  return next.value;
}

/** ASN digits in the interface id, AMS-IX style: AS6939 -> ::a500:0:6939:1 (index 1). */
function asnEmbeddedInterfaceId(asn: number, index: number): bigint {
  const digits = asn.toString().padStart(10, "0");
  const groups = [`a5${digits.slice(0, 2)}`, digits.slice(2, 6), digits.slice(6, 10), index.toString(16)];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** The IPv4 host part written as IPv6 hex groups with the same digits: .104.42 -> ::104:42 (/23 and wider) or .42 -> ::42. */
function ipv4MirrorInterfaceId(ipv4: string, ipv4Prefix: string): bigint {
  const octets = ipaddr.IPv4.parse(ipv4).octets;
  const length = ipaddr.parseCIDR(ipv4Prefix)[1];
  const mirrored = length >= 24 ? [octets[3]] : [octets[2], octets[3]];
  return mirrored.reduce<bigint>((acc, octet) => (acc << 16n) | BigInt(parseInt(String(octet), 16)), 0n);
}

/**
 * The IPv6 address a member gets under the LAN's scheme. Mirror and ASN schemes fall back to
 * sequential when the computed address is taken or reserved, so allocation never fails while space is left.
 */
export function ipv6ForMember(plan: LanPlan, member: { asn: number; ipv4?: string | null }, used: ReadonlySet<string>): string {
  if (!plan.ipv6Prefix) throw new AllocationError("this peering LAN has no IPv6 prefix");
  const { network, size } = parsePrefix(plan.ipv6Prefix);
  const candidates: bigint[] = [];
  if (plan.allocationScheme === "ipv4_mirror" && member.ipv4 && plan.ipv4Prefix) {
    candidates.push(network + ipv4MirrorInterfaceId(member.ipv4, plan.ipv4Prefix));
  }
  if (plan.allocationScheme === "asn_embedded") {
    for (let index = 1; index <= 8; index++) candidates.push(network + asnEmbeddedInterfaceId(member.asn, index));
  }
  for (const value of candidates) {
    if (value <= network || value >= network + size) continue;
    const address = fromBigInt(value, 6);
    if (!used.has(address) && !isReserved(value, 6, plan.reservations)) return address;
  }
  // Computed schemes keep sequential fallbacks above ::1:0:0, out of the range mirrored or ASN-derived addresses use.
  return firstFreeAddress(plan, 6, used, plan.allocationScheme === "sequential" ? 1n : SEQUENTIAL_FALLBACK_OFFSET);
}

const SEQUENTIAL_FALLBACK_OFFSET = (1n << 32n) + 1n;

/** Whether an address falls in one of a LAN's reserved ranges (the IX's own hosts). */
export function isReservedAddress(address: string, reservations: readonly AddressRange[]): boolean {
  const parsed = ipaddr.parse(address);
  return isReserved(toBigInt(parsed), parsed.kind() === "ipv4" ? 4 : 6, reservations);
}
