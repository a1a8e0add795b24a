import ipaddr from "ipaddr.js";
import { z } from "zod";

/** Address and prefix rules shared by forms, services, the API and the CLI. */

/**
 * RFC 5737 / RFC 3849 documentation ranges. Accepted for the IX's own endpoints so demo and lab IXes
 * (the demo seed uses them) stay editable; they are never routed, so accepting them harms no one.
 */
const DOCUMENTATION_RANGES = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"].map((cidr) => ipaddr.parseCIDR(cidr));

export type AddressFamilyName = "ipv4" | "ipv6";

export function isDocumentationAddress(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return DOCUMENTATION_RANGES.some((range) => address.kind() === range[0].kind() && address.match(range));
}

/** Unicast and globally routed: not private, loopback, link-local, multicast, CGNAT, reserved or unspecified. */
export function isPublicUnicast(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (address.kind() === "ipv6") {
    const v6 = address as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return false;
    return v6.range() === "unicast" && v6.match(ipaddr.parseCIDR("2000::/3"));
  }
  return address.range() === "unicast";
}

/** A plain IPv4 (four decimal parts) or IPv6 address, without port, prefix length or zone. */
export function isIpAddress(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || (ipaddr.IPv6.isValid(text) && !text.includes("%"));
}

/** An address, or a prefix such as 10.0.0.0/8 (host bits allowed). */
export function isIpAddressOrPrefix(text: string): boolean {
  const [address, length, extra] = text.split("/");
  return extra === undefined && isIpAddress(address ?? "") && (length === undefined || ipaddr.isValidCIDR(text));
}

function parseAddress(text: string, family: AddressFamilyName): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const valid = family === "ipv4" ? ipaddr.IPv4.isValidFourPartDecimal(text) : ipaddr.IPv6.isValid(text) && !text.includes(".");
  return valid ? ipaddr.parse(text) : null;
}

const familyLabel = (family: AddressFamilyName) => (family === "ipv4" ? "IPv4" : "IPv6");

/** An address of one family, returned in canonical text form. */
export function addressSchema(family: AddressFamilyName) {
  return z
    .string()
    .trim()
    .transform((text, ctx) => {
      const address = parseAddress(text, family);
      if (!address) {
        ctx.addIssue({ code: "custom", message: `must be an ${familyLabel(family)} address` });
        return z.NEVER;
      }
      return address.toString();
    });
}

/** A public unicast address (documentation ranges allowed, see above): the IX's tunnel endpoints. */
export function publicEndpointSchema(family: AddressFamilyName) {
  return addressSchema(family).superRefine((text, ctx) => {
    const address = ipaddr.parse(text);
    if (!isPublicUnicast(address) && !isDocumentationAddress(address)) {
      ctx.addIssue({ code: "custom", message: `must be a public ${familyLabel(family)} address (not private, loopback, link-local or multicast)` });
    }
  });
}

/** A network prefix without host bits, in canonical "address/length" form. */
export function prefixSchema(family: AddressFamilyName) {
  return z
    .string()
    .trim()
    .transform((text, ctx) => {
      const [addressText, lengthText, extra] = text.split("/");
      const address = addressText ? parseAddress(addressText, family) : null;
      const maxLength = family === "ipv4" ? 32 : 128;
      const length = lengthText !== undefined && /^\d{1,3}$/.test(lengthText) ? Number(lengthText) : NaN;
      if (!address || extra !== undefined || !(length >= 0 && length <= maxLength)) {
        ctx.addIssue({ code: "custom", message: `must be an ${familyLabel(family)} prefix such as ${family === "ipv4" ? "198.18.0.0/22" : "2001:db8:1::/64"}` });
        return z.NEVER;
      }
      const network = family === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
      if (network.toString() !== address.toString()) {
        ctx.addIssue({ code: "custom", message: `has host bits set: the network is ${network.toString()}/${length}` });
        return z.NEVER;
      }
      return `${network.toString()}/${length}`;
    });
}

export function addressInPrefix(address: string, prefix: string): boolean {
  const parsed = ipaddr.parse(address);
  const range = ipaddr.parseCIDR(prefix);
  return parsed.kind() === range[0].kind() && parsed.match(range);
}

/** Whether every address of `inner` (a prefix) lies in `outer` (a prefix); families must match. */
export function prefixWithin(inner: string, outer: string): boolean {
  const [network, length] = ipaddr.parseCIDR(inner);
  const range = ipaddr.parseCIDR(outer);
  return network.kind() === range[0].kind() && length >= range[1] && network.match(range);
}

/** Orders two addresses of the same family: negative, zero or positive. */
export function compareAddresses(a: string, b: string): number {
  const left = ipaddr.parse(a).toByteArray();
  const right = ipaddr.parse(b).toByteArray();
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}
