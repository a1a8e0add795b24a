import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addressInPrefix, addressSchema, compareAddresses, prefixSchema, publicEndpointSchema } from "@/shared/validation/ip";
import { parseTunnelParams, tunnelParamsSchemas } from "@/shared/validation/tunnel-params";
import { countryName } from "@/shared/validation/location";
import { TUNNEL_TYPES } from "@/shared/enums";

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join("."));

describe("prefixes", () => {
  it("accepts exactly the network address of every IPv4 prefix", () => {
    fc.assert(
      fc.property(ipv4, fc.integer({ min: 0, max: 32 }), (address, length) => {
        const bits = address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
        const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
        const isNetwork = ((bits & ~mask) >>> 0) === 0;
        const parsed = prefixSchema("ipv4").safeParse(`${address}/${length}`);
        expect(parsed.success).toBe(isNetwork);
        if (parsed.success) expect(addressInPrefix(address, parsed.data)).toBe(true);
      }),
    );
  });

  it("canonicalises IPv6 prefixes and names the network when host bits are set", () => {
    expect(prefixSchema("ipv6").parse("2001:DB8:0:0::/64")).toBe("2001:db8::/64");
    expect(prefixSchema("ipv6").safeParse("2001:db8::1/64").error?.issues[0]?.message).toBe("has host bits set: the network is 2001:db8::/64");
    for (const bad of ["2001:db8::/129", "2001:db8::", "2001:db8::/64/1", "10.0.0.0/8"]) expect(prefixSchema("ipv6").safeParse(bad).success).toBe(false);
  });
});

describe("addresses", () => {
  it("keeps families apart and orders addresses numerically", () => {
    expect(addressSchema("ipv4").safeParse("::ffff:1.2.3.4").success).toBe(false);
    expect(addressSchema("ipv4").safeParse("010.1.1.1").success).toBe(false);
    expect(compareAddresses("198.18.0.9", "198.18.0.10")).toBeLessThan(0);
    expect(compareAddresses("2001:db8::10", "2001:db8::9")).toBeGreaterThan(0);
  });

  it.each(["10.0.0.1", "127.0.0.1", "169.254.1.1", "100.64.0.1", "224.0.0.1", "0.0.0.0", "255.255.255.255"])("refuses %s as a public endpoint", (address) => {
    expect(publicEndpointSchema("ipv4").safeParse(address).success).toBe(false);
  });
  it.each(["fe80::1", "::1", "fc00::1", "ff02::1", "::ffff:8.8.8.8"])("refuses %s as a public IPv6 endpoint", (address) => {
    expect(publicEndpointSchema("ipv6").safeParse(address).success).toBe(false);
  });
  it("accepts public and documentation addresses", () => {
    for (const [family, address] of [["ipv4", "8.8.8.8"], ["ipv4", "192.0.2.10"], ["ipv6", "2a00:1450::1"], ["ipv6", "2001:db8::1"]] as const) {
      expect(publicEndpointSchema(family).safeParse(address).success).toBe(true);
    }
  });
});

describe("tunnel parameters", () => {
  it("has a schema for every tunnel type, and defaults fill what a form leaves out", () => {
    expect(Object.keys(tunnelParamsSchemas).sort()).toEqual([...TUNNEL_TYPES].sort());
    expect(parseTunnelParams("vxlan", {})).toEqual({ ok: true, params: { udpPort: 4789 } });
    expect(parseTunnelParams("openvpn", { port: "443", protocol: "tcp" })).toEqual({ ok: true, params: { port: 443, protocol: "tcp" } });
  });
  it("names the field and the reason when parameters are wrong", () => {
    expect(parseTunnelParams("vxlan", { udpPort: 0 })).toEqual({ ok: false, issues: [{ field: "udpPort", message: "must be at least 1" }] });
    expect(parseTunnelParams("eoip", { key: 1 })).toEqual({ ok: false, issues: [{ field: "key", message: "is not a parameter of eoip" }] });
    expect(parseTunnelParams("local", { bridgePort: "eth0; reboot" })).toMatchObject({ ok: false });
  });
});

describe("countries", () => {
  it("knows ISO codes and refuses groupings and unknown codes", () => {
    expect(countryName("NL")).toBe("Netherlands");
    expect(countryName("EU")).toBeNull();
    expect(countryName("XX")).toBeNull();
    expect(countryName("nl")).toBeNull();
  });
});
