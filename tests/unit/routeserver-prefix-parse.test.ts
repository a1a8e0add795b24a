import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { irrSetItem, prefix } from "@/server/routeserver/bird-syntax";
import { renderOptionsSchema, type MemberSessionRow } from "@/server/routeserver/model";
import { renderRouteServerConfig } from "@/server/routeserver/render";
import { BENCH_ROUTE_SERVER, syntheticMembers } from "../helpers/synthetic-ix";

/**
 * The IRR prefix parser is hand-written for speed (bird-syntax.ts); this pins it to a slow, obvious
 * reading of the same rules built on ipaddr.js, on texts near every edge (leading zeros, upper case,
 * "::" anywhere, embedded IPv4, zones, odd lengths, garbage).
 */

type Parsed = { network: string; length: number } | "host bits" | "invalid";

function oracle(text: string, family: 4 | 6): Parsed {
  const slash = text.lastIndexOf("/");
  if (slash < 0) return "invalid";
  const [addressText, lengthText] = [text.slice(0, slash), text.slice(slash + 1)];
  if (family === 4) {
    if (!/^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/.test(addressText) || !/^\d{1,2}$/.test(lengthText)) return "invalid";
    const octets = addressText.split(".").map(Number);
    const length = Number(lengthText);
    if (octets.some((o) => o > 255) || length > 32) return "invalid";
    const network = ipaddr.IPv4.networkAddressFromCIDR(`${addressText}/${length}`).toString();
    return network === addressText ? { network, length } : "host bits";
  }
  if (!/^\d{1,3}$/.test(lengthText) || Number(lengthText) > 128) return "invalid";
  if (addressText.includes("%") || !ipaddr.IPv6.isValid(addressText)) return "invalid";
  const length = Number(lengthText);
  const address = ipaddr.IPv6.parse(addressText);
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${length}`);
  return network.toString() === address.toString() ? { network: network.toString(), length } : "host bits";
}

function parsed(text: string, family: 4 | 6): Parsed {
  try {
    return prefix(text, family);
  } catch (error) {
    return /host bits/.test((error as Error).message) ? "host bits" : "invalid";
  }
}

const octet = fc.oneof(fc.nat(255).map(String), fc.constantFrom("00", "01", "007", "256", "999", "1000", "", "-1", " 1"));
const v4Text = fc.array(octet, { minLength: 3, maxLength: 5 }).map((o) => o.join("."));
const word = fc.oneof(
  fc.constantFrom(0, 0, 0, 1, 0xdb8, 0xffff, 0x2001, 0x80).map((n) => n.toString(16)),
  fc.constantFrom("0000", "00ff", "DB8", "Ff", "12345", "g", ""),
);
const v6Text = fc.oneof(
  fc.array(word, { minLength: 1, maxLength: 9 }).map((w) => w.join(":")),
  fc.tuple(fc.array(word, { maxLength: 7 }), fc.array(word, { maxLength: 7 })).map(([a, b]) => `${a.join(":")}::${b.join(":")}`),
  fc.array(fc.constantFrom(0, 0, 0, 1, 0xdb8, 0xffff), { minLength: 8, maxLength: 8 }).map((w) => new ipaddr.IPv6(w).toString()),
  fc.constantFrom("::", "::1", "1::", ":::", "1:::2", "::ffff:1.2.3.4", "64:ff9b::192.0.2.0", "fe80::1%eth0", "1::2::3", ":1::", "1::2:"),
);
const lengthText = fc.oneof(fc.integer({ min: 0, max: 130 }).map(String), fc.constantFrom("08", "00", "024", "0128", "", "x", "-1", "3 "));
const text = (address: fc.Arbitrary<string>) => fc.tuple(address, lengthText, fc.boolean()).map(([a, l, slash]) => (slash ? `${a}/${l}` : a));

describe("IRR prefix parser", () => {
  it("reads IPv4 prefixes exactly as ipaddr.js and the canonical-form rule do", () => {
    fc.assert(fc.property(text(v4Text), (t) => {
      expect(parsed(t, 4)).toEqual(oracle(t, 4));
    }), { numRuns: 5000 });
  });

  it("reads IPv6 prefixes exactly as ipaddr.js does, canonical text out", () => {
    fc.assert(fc.property(text(v6Text), (t) => {
      expect(parsed(t, 6)).toEqual(oracle(t, 6));
    }), { numRuns: 5000 });
  });

  it("writes set items from the canonical network and length, whatever form came in", () => {
    fc.assert(
      fc.property(fc.oneof(text(v4Text).map((t) => [t, 4] as const), text(v6Text).map((t) => [t, 6] as const)), fc.nat(128), ([t, family], upper) => {
        const expected = oracle(t, family);
        if (typeof expected === "string") expect(() => irrSetItem({ prefix: t }, family, upper)).toThrow();
        else expect(irrSetItem({ prefix: t }, family, upper)).toBe(`${expected.network}/${expected.length}{${expected.length},${Math.max(upper, expected.length)}}`);
      }),
      { numRuns: 3000 },
    );
    expect(irrSetItem({ prefix: "10.0.0.0/08", le: 24 }, 4, 24)).toBe("10.0.0.0/8{8,24}");
    expect(irrSetItem({ prefix: "2001:DB8:0:0::/32" }, 6, 48)).toBe("2001:db8::/32{32,48}");
  });
});

describe("IRR lists as stored", () => {
  it("render byte for byte as the parsed lists, and stored JSON that is not a list renders as no list", () => {
    const options = renderOptionsSchema.parse({ lanPrefixes: BENCH_ROUTE_SERVER.lanPrefixes });
    const render = (members: MemberSessionRow[]) => renderRouteServerConfig({ routeServer: BENCH_ROUTE_SERVER.routeServer, members, options }).config;
    const parsed = syntheticMembers(400);
    parsed[0]!.irrPrefixes = [{ prefix: "10.0.0.0/08", le: 24 }, { prefix: "]; accept; [" }, { prefix: "2001:DB8::/32" }, { prefix: "23.0.0.0/8", ge: 12, le: 20 }];
    parsed[1]!.irrPrefixes = [{ prefix: "2001:0DB8:0000::/48" }, { prefix: "::ffff:1.2.3.0/120" }, { prefix: "2001:db8::1/64" }];
    parsed[2]!.irrPrefixes = null;
    const stored = parsed.map((member) => ({ ...member, irrPrefixes: member.irrPrefixes && { json: JSON.stringify(member.irrPrefixes) } }));
    const config = render(parsed);
    expect(config.length).toBeGreaterThan(100_000);
    expect(render(stored)).toBe(config);
    const corrupt = [{ ...stored[2]!, irrPrefixes: { json: "[{" } }, { ...stored[3]!, irrPrefixes: { json: '{"prefix":"10.0.0.0/8"}' } }];
    expect(render(corrupt)).toBe(render([{ ...stored[2]!, irrPrefixes: null }, { ...stored[3]!, irrPrefixes: null }]));
  });
});
