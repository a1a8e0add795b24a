import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  AllocationError,
  canonicalAddress,
  firstFreeAddress,
  freeAddresses,
  ipv6ForMember,
  type LanPlan,
} from "@/server/allocation/addresses";
import { addressInPrefix } from "@/shared/validation/ip";

const plan = (overrides: Partial<LanPlan> = {}): LanPlan => ({
  ipv4Prefix: "198.18.0.0/24",
  ipv6Prefix: "2001:db8:1::/64",
  allocationScheme: "sequential",
  reservations: [{ family: 4, firstAddress: "198.18.0.1", lastAddress: "198.18.0.31" }],
  ...overrides,
});

describe("peering LAN address arithmetic", () => {
  it("skips network, reserved and used addresses", () => {
    expect(firstFreeAddress(plan(), 4, new Set())).toBe("198.18.0.32");
    expect(firstFreeAddress(plan(), 4, new Set(["198.18.0.32", "198.18.0.33"]))).toBe("198.18.0.34");
    expect(firstFreeAddress(plan(), 6, new Set())).toBe("2001:db8:1::1");
  });

  it("never hands out the broadcast address and reports exhaustion clearly", () => {
    const tiny = plan({ ipv4Prefix: "198.18.0.0/29", reservations: [] });
    expect([...freeAddresses(tiny, 4, new Set())]).toEqual(["198.18.0.1", "198.18.0.2", "198.18.0.3", "198.18.0.4", "198.18.0.5", "198.18.0.6"]);
    const full = new Set([...freeAddresses(tiny, 4, new Set())]);
    expect(() => firstFreeAddress(tiny, 4, full)).toThrow(AllocationError);
    expect(() => firstFreeAddress(tiny, 4, full)).toThrow(/no free address/);
  });

  it("mirrors the IPv4 host part into IPv6", () => {
    const mirror = plan({ allocationScheme: "ipv4_mirror" });
    expect(ipv6ForMember(mirror, { asn: 6939, ipv4: "198.18.0.42" }, new Set())).toBe("2001:db8:1::42");
    const wide = plan({ allocationScheme: "ipv4_mirror", ipv4Prefix: "198.18.0.0/22" });
    expect(ipv6ForMember(wide, { asn: 6939, ipv4: "198.18.2.42" }, new Set())).toBe("2001:db8:1::2:42");
  });

  it("falls back to sequential addresses outside the mirrored range when there is no IPv4", () => {
    const mirror = plan({ allocationScheme: "ipv4_mirror" });
    expect(ipv6ForMember(mirror, { asn: 6939 }, new Set())).toBe("2001:db8:1::1:0:1");
  });

  it("embeds the ASN when the LAN says so", () => {
    const embedded = plan({ allocationScheme: "asn_embedded" });
    expect(ipv6ForMember(embedded, { asn: 6939 }, new Set())).toBe("2001:db8:1:0:a500:0:6939:1");
    expect(ipv6ForMember(embedded, { asn: 6939 }, new Set(["2001:db8:1:0:a500:0:6939:1"]))).toBe("2001:db8:1:0:a500:0:6939:2");
  });

  it("always allocates inside the prefix and never a used address", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 32, max: 254 }), { maxLength: 100 }), fc.integer({ min: 1, max: 4199999999 }), (taken, asn) => {
        const used = new Set(taken.map((n) => `198.18.0.${n}`));
        for (const scheme of ["sequential", "ipv4_mirror", "asn_embedded"] as const) {
          const p = plan({ allocationScheme: scheme });
          if (used.size < 223) {
            const v4 = firstFreeAddress(p, 4, used);
            expect(used.has(v4)).toBe(false);
            expect(addressInPrefix(v4, "198.18.0.0/24")).toBe(true);
          }
          const v6 = ipv6ForMember(p, { asn, ipv4: "198.18.0.77" }, new Set(["2001:db8:1::77"]));
          expect(addressInPrefix(v6, "2001:db8:1::/64")).toBe(true);
          expect(v6).not.toBe("2001:db8:1::77");
        }
      }),
    );
  });

  it("stores one canonical spelling per address", () => {
    expect(canonicalAddress("2001:DB8:0:0::0001")).toBe("2001:db8::1");
    expect(canonicalAddress(" 198.18.0.7 ")).toBe("198.18.0.7");
  });
});
