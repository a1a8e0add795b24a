import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import { env } from "@/server/env";
import { isIpAddress } from "@/shared/validation/ip";

/**
 * Which address a request comes from, decided from configuration rather than from what the client sends.
 *
 * `next start` passes a client's own X-Forwarded-For through untouched (it only fills the header in when
 * it is absent) and gives route handlers and server actions no socket address. So this process looks at
 * every request before Next does (Node's `http.server.request.start` diagnostics channel), works the
 * address out from the socket and the proxies it trusts, and puts it in CLIENT_ADDRESS_HEADER,
 * overwriting whatever a client sent in that header.
 */
export const CLIENT_ADDRESS_HEADER = "x-ixp-client-address";

export interface ProxyTrust {
  /** TRUSTED_PROXY_HOPS: this many proxies in front of the portal each append the address they saw. */
  hops: number;
  /** TRUSTED_PROXIES: proxies known by address or prefix, trusted wherever they are in the chain. */
  proxies: [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export function proxyTrustFromEnv(): ProxyTrust {
  const { TRUSTED_PROXY_HOPS, TRUSTED_PROXIES } = env();
  return { hops: TRUSTED_PROXY_HOPS, proxies: TRUSTED_PROXIES.map(parseAddressOrPrefix) };
}

export function parseAddressOrPrefix(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (text.includes("/")) return ipaddr.parseCIDR(text);
  const address = ipaddr.parse(text);
  return [address, address.kind() === "ipv4" ? 32 : 128];
}

/** Canonical text of an address, IPv4-mapped IPv6 (::ffff:192.0.2.1) as IPv4; null when it is not one. */
function canonical(text: string | undefined): string | null {
  const trimmed = text?.trim() ?? "";
  return isIpAddress(trimmed) ? ipaddr.process(trimmed).toString() : null;
}

/** Whether an address (IPv4-mapped IPv6 counts as IPv4) lies in one of the ranges (from parseAddressOrPrefix). */
export function addressInRanges(address: string, ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][]): boolean {
  const parsed = ipaddr.process(address);
  return ranges.some(([range, bits]) => parsed.kind() === range.kind() && parsed.match(range, bits));
}

const isTrustedProxy = (address: string, trust: ProxyTrust) => addressInRanges(address, trust.proxies);

/**
 * The right-most address not added by a trusted proxy: the chain is X-Forwarded-For followed by the
 * socket's peer; walking from the right, the peer and each hop a trusted proxy added are skipped.
 * With no trust configured this is the peer, whatever X-Forwarded-For says.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trust: ProxyTrust): string | null {
  const chain = [...(forwardedFor ?? "").split(",").filter((hop) => hop.trim() !== ""), peer ?? ""];
  let client = canonical(peer);
  for (let hop = 0; client !== null && hop < chain.length - 1; hop++) {
    if (hop >= trust.hops && !isTrustedProxy(client, trust)) break;
    // A hop that is not an address ends the walk at the last proxy we trust.
    const next = canonical(chain[chain.length - 2 - hop]);
    if (next === null) break;
    client = next;
  }
  return client;
}

/** Sets CLIENT_ADDRESS_HEADER on every request this process serves; called once at start. */
export function labelClientAddresses(trust: ProxyTrust = proxyTrustFromEnv()): void {
  subscribe("http.server.request.start", (message) => {
    const request = (message as { request: IncomingMessage }).request;
    const forwarded = request.headers["x-forwarded-for"];
    const address = clientAddress(request.socket.remoteAddress, Array.isArray(forwarded) ? forwarded.join(",") : forwarded, trust);
    if (address) request.headers[CLIENT_ADDRESS_HEADER] = address;
    else delete request.headers[CLIENT_ADDRESS_HEADER];
  });
}

/** The address labelClientAddresses found, or null (e.g. a request that did not come through this server). */
export function clientAddressFrom(headers: Headers): string | null {
  return canonical(headers.get(CLIENT_ADDRESS_HEADER) ?? undefined);
}
