import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { birdString, irrSetItem, prefix, protocolName } from "@/server/routeserver/bird-syntax";
import { renderOptionsSchema, type MemberSessionRow, type RenderOptions, type RouteServerRow } from "@/server/routeserver/model";
import { REJECT_REASONS } from "@/server/routeserver/policy";
import { renderOptionsFromEnv } from "@/server/routeserver/queries";
import { END_MARKER, renderRouteServerConfig } from "@/server/routeserver/render";
import { parseEnv } from "@/server/env";
import { parseRtrServer } from "@/server/routeserver/render-policy";

const routeServer: RouteServerRow = { name: "rs1", asn: 64500, routerId: "198.18.0.1", ipv4Address: "198.18.0.1", ipv6Address: "2001:2:0:1::1" };

function member(overrides: Partial<MemberSessionRow> = {}): MemberSessionRow {
  return {
    ipId: 7,
    address: "198.18.0.10",
    family: 4,
    asn: 30001,
    clientName: "Example Networks",
    asSet: "AS30001:AS-CUSTOMERS",
    maxPrefixV4: 100,
    maxPrefixV6: 20,
    blackholeOptIn: false,
    asnAddresses: ["198.18.0.10", "198.18.0.11", "2001:2:0:1::10"],
    irrPrefixes: [{ prefix: "23.1.0.0/16", le: 24 }],
    irrOriginAsns: [30011],
    ...overrides,
  };
}

const render = (members: MemberSessionRow[], options: Partial<RenderOptions> = {}, rs = routeServer) =>
  renderRouteServerConfig({ routeServer: rs, members, options: renderOptionsSchema.parse(options) });

const sessionBlock = (config: string, name: string) => {
  const start = config.indexOf(`protocol bgp ${name} `);
  return config.slice(start, config.indexOf("\n}\n", start) + 3);
};

describe("route-server generator", () => {
  it("expresses the policy once and gives each session only data and one call", () => {
    const members = Array.from({ length: 50 }, (_, i) => member({ ipId: i + 1, address: `198.18.0.${i + 10}`, asn: 30001 + i }));
    const { config, sessions, skipped } = render(members);
    expect(skipped).toEqual([]);
    expect(sessions).toHaveLength(50);
    expect(config.match(/^function ixp_import\(/gm)).toHaveLength(1);
    expect(config.match(/^function ixp_export\(/gm)).toHaveLength(1);
    const block = sessionBlock(config, "AS30001_4_1");
    expect(block).toBe(`protocol bgp AS30001_4_1 from rs_client4 {
  description "AS30001 Example Networks";
  neighbor 198.18.0.10 as 30001;
  ipv4 {
    import filter { ixp_import(30001, [ 198.18.0.10 ], [ 30001, 30011 ], [ 23.1.0.0/16{16,24} ], 0); };
    export filter { ixp_export(30001); };
    import limit 100 action restart;
    receive limit 400 action restart;
  };
}
`);
    expect(block).not.toMatch(/\bif\b|\breject\b/);
    // BIRD 2.0.12 parses true/false literals in per-session filters in time that grows with the session count.
    expect(block).not.toMatch(/\b(true|false)\b/);
    expect(config.endsWith(`${END_MARKER}\n`)).toBe(true);
  });

  it("opens IPv6 sessions from the IPv6 template with the IPv6 defaults", () => {
    const { config } = render([member({ ipId: 9, family: 6, address: "2001:2:0:1:0:0:0:10", maxPrefixV6: null, irrPrefixes: null })]);
    const block = sessionBlock(config, "AS30001_6_9");
    expect(block).toContain("from rs_client6");
    expect(block).toContain("neighbor 2001:2:0:1::10 as 30001;");
    expect(block).toContain("[ ::/0{0,48} ]");
    expect(block).toContain("import limit 500 action restart;");
    expect(block).toContain("receive limit 2000 action restart;");
    expect(config).toContain("local 2001:2:0:1::1 as RS_ASN;");
  });

  it("skips rows it cannot render safely and says why", () => {
    const { sessions, skipped } = render(
      [
        member({ ipId: 1, address: "198.18.0.300" }),
        member({ ipId: 2, address: "2001:2:0:1::5", family: 4 }),
        member({ ipId: 3, address: "198.18.0.10" }),
        member({ ipId: 4, address: "198.18.0.10" }),
        member({ ipId: 5, address: "198.18.0.1" }),
        member({ ipId: 6, family: 6, address: "2001:2:0:1::6" }),
        member({ ipId: 8, address: "198.18.0.12", asn: 2 ** 33 }),
      ],
      {},
      { ...routeServer, ipv6Address: null },
    );
    expect(sessions.map((s) => s.ipId)).toEqual([3]);
    expect(Object.fromEntries(skipped.map((s) => [s.ipId, s.reason]))).toEqual({
      1: expect.stringContaining("not an IP address"),
      2: expect.stringContaining("not an IPv4 address"),
      4: expect.stringContaining("appears twice"),
      5: expect.stringContaining("route server's own address"),
      6: expect.stringContaining("no IPv6 address"),
      8: expect.stringContaining("not a whole number"),
    });
  });

  it("drops IRR entries that are not prefixes of the family and widens for blackhole opt-in", () => {
    const irrPrefixes = [{ prefix: "23.1.0.0/16", le: 24 }, { prefix: "23.1.2.3/24" }, { prefix: "2a0b::/32" }, { prefix: "]; accept; [" }, { prefix: "44.0.0.0/8", ge: 12, le: 20 }];
    const plain = sessionBlock(render([member({ irrPrefixes })]).config, "AS30001_4_7");
    expect(plain).toContain("[ 23.1.0.0/16{16,24}, 44.0.0.0/8{12,24} ]");
    const optedIn = sessionBlock(render([member({ irrPrefixes, blackholeOptIn: true })]).config, "AS30001_4_7");
    expect(optedIn).toContain("[ 23.1.0.0/16{16,32}, 44.0.0.0/8{12,32} ], 1)");
  });

  it("rejects everything from a member without a list when told to, and uses all same-ASN next hops when told to", () => {
    const rejecting = sessionBlock(render([member({ irrPrefixes: null })], { irrMissing: "reject" }).config, "AS30001_4_7");
    expect(rejecting).toContain("[ 0.0.0.0/32{32,32} ]");
    const sameAsn = sessionBlock(render([member()], { nextHopPolicy: "same-asn" }).config, "AS30001_4_7");
    expect(sameAsn).toContain("[ 198.18.0.10, 198.18.0.11 ]");
  });

  it("renders RPKI only with a validator, and standard control communities only for a 16-bit RS ASN", () => {
    const without = render([member()]).config;
    expect(without).not.toMatch(/rpki|roa_check/);
    const withRtr = render([member()], { rtrServer: "[2001:db8::1]:3323" }).config;
    expect(withRtr).toContain('remote "2001:db8::1" port 3323;');
    expect(withRtr).toContain("ixp_reject(REASON_RPKI_INVALID)");
    expect(withRtr).toContain(`define REASON_RPKI_INVALID = ${REJECT_REASONS.RPKI_INVALID.code};`);
    expect(without).toContain("bgp_community.delete([(0, *), (RS_ASN, *)]);");
    expect(render([member()], {}, { ...routeServer, asn: 4200000001 }).config).not.toContain("bgp_community.delete");
    expect(() => parseRtrServer('x"; }')).toThrow(/host:port/);
  });

  it("removes private ASNs from the bogon list only when they are allowed", () => {
    expect(render([]).config).toMatch(/define BOGON_ASNS = \[[^\]]*64512\.\.65534/);
    expect(render([], { allowPrivateAsns: true }).config).not.toMatch(/64512\.\.65534/);
  });
});

describe("BIRD syntax helpers", () => {
  it("reduces free text to characters a BIRD 2.0.12 string can hold", () => {
    expect(birdString('Evil "co"\n}; protocol bgp x { #')).toBe('"Evil _co___; protocol bgp x _ _"');
    expect(birdString("Zürich Straße Ω")).toBe('"Zurich Stra_e _"');
    expect(birdString("x".repeat(200))).toHaveLength(66);
  });

  it("builds protocol names from numbers only", () => {
    expect(protocolName(64500, 6, 12)).toBe("AS64500_6_12");
    expect(() => protocolName(-1, 4, 1)).toThrow();
    expect(() => protocolName(1.5, 4, 1)).toThrow();
  });

  it("refuses prefixes with host bits or of the wrong family", () => {
    expect(() => irrSetItem({ prefix: "10.0.0.1/8" }, 4, 24)).toThrow(/host bits/);
    expect(() => irrSetItem({ prefix: "2001:db8::/32" }, 4, 24)).toThrow(/IPv4/);
    expect(() => irrSetItem({ prefix: "10.0.0.0/8", ge: 4 }, 4, 24)).toThrow();
  });
});

describe("prefix parsing", () => {
  it("agrees with ipaddr.js on canonical networks for any IPv6 prefix", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 0, 0, 1, 0xdb8, 0xffff, 0x2001), { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 128 }), fc.boolean(), (words, length, compress) => {
        const network = ipaddr.IPv6.networkAddressFromCIDR(`${new ipaddr.IPv6(words).toString()}/${length}`);
        const text = compress ? network.toString() : network.toNormalizedString();
        expect(prefix(`${text}/${length}`, 6)).toEqual({ network: network.toString(), length });
      }),
    );
  });

  it("agrees with ipaddr.js on which IPv4 prefixes have host bits set", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(255), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 32 }), (octets, length) => {
        const text = `${octets.join(".")}/${length}`;
        const canonical = ipaddr.IPv4.networkAddressFromCIDR(text).toString() === octets.join(".");
        if (canonical) expect(prefix(text, 4)).toEqual({ network: octets.join("."), length });
        else expect(() => prefix(text, 4)).toThrow(/host bits/);
      }),
    );
  });
});

describe("route-server options from the environment", () => {
  it("defaults to the documented policy and refuses unsafe validator or IRR hosts", () => {
    expect(renderOptionsFromEnv(parseEnv({}), ["198.18.0.0/22"])).toEqual(renderOptionsSchema.parse({ lanPrefixes: ["198.18.0.0/22"] }));
    const custom = renderOptionsFromEnv(parseEnv({ RS_RTR_SERVER: "rtr.example.net:3323", RS_IPV4_MAX_LENGTH: "23", RS_MAX_PREFIX_ACTION: "block" }), []);
    expect(custom).toMatchObject({ rtrServer: "rtr.example.net:3323", ipv4MaxLength: 23, maxPrefixAction: "block" });
    expect(() => parseEnv({ RS_RTR_SERVER: 'x" port 1; }' })).toThrow(/RS_RTR_SERVER: must be host:port/);
    expect(() => parseEnv({ IRR_SERVER: "-d" })).toThrow(/IRR_SERVER/);
    expect(() => renderOptionsFromEnv(parseEnv({ RS_IPV4_MIN_LENGTH: "25" }), [])).toThrow(/minimum must not exceed the maximum/);
  });
});
