import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { nextSerial, planReverseZones, ptrName, renderZone, reverseName, reverseZoneNames, zoneContentHash, type ReverseDnsSettings } from "@/server/dns/reverse-zones";
import { parseEnv } from "@/server/env";
import { reverseDnsSettings } from "@/server/dns/service";

const settings: ReverseDnsSettings = {
  domain: "ix.example.net",
  template: "as{asn}.{pop}.{domain}",
  nameservers: ["ns1.ix.example.net", "ns2.ix.example.net"],
  hostmaster: "hostmaster@ix.example.net",
  ttl: 3600,
};

const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

describe("reverse zone boundaries", () => {
  it("splits IPv4 prefixes shorter than a /24 into /24 zones and covers longer ones with their /24", () => {
    expect(reverseZoneNames("198.18.0.0/22")).toEqual(["0.18.198.in-addr.arpa", "1.18.198.in-addr.arpa", "2.18.198.in-addr.arpa", "3.18.198.in-addr.arpa"]);
    expect(reverseZoneNames("192.0.2.64/26")).toEqual(["2.0.192.in-addr.arpa"]);
    expect(reverseZoneNames("10.16.0.0/16")).toEqual(["16.10.in-addr.arpa"]);
    expect(reverseZoneNames("10.254.0.0/15")).toHaveLength(2);
  });

  it("puts IPv6 zones on nibble boundaries, splitting a /62 into four /64 zones", () => {
    expect(reverseZoneNames("2001:db8:0:1::/64")).toEqual(["1.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"]);
    expect(reverseZoneNames("2001:db8:0:4::/62").map((name) => name.split(".")[0])).toEqual(["4", "5", "6", "7"]);
    expect(reverseZoneNames("2001:db8::/48")).toEqual(["0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"]);
  });

  it("gives each address a PTR record in its zone, named from the template, in address order", () => {
    const zones = planReverseZones(
      ["198.18.0.0/23", "2001:db8:0:1::/64"],
      [
        { address: "198.18.1.5", asn: 65002, pop: "FRA", lan: "Main" },
        { address: "198.18.0.10", asn: 65001, pop: "AMS", lan: "Main" },
        { address: "2001:db8:0:1::a", asn: 65001, pop: null, lan: "Main" },
      ],
      settings,
    );
    expect(zones.map((zone) => [zone.name, zone.records])).toEqual([
      ["0.18.198.in-addr.arpa", [{ label: "10", target: "as65001.ams.ix.example.net." }]],
      ["1.18.198.in-addr.arpa", [{ label: "5", target: "as65002.fra.ix.example.net." }]],
      ["1.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", [{ label: "a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0", target: "as65001.ix.example.net." }]],
    ]);
  });

  it("renders zones named-checkzone accepts", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ixpt-zone-"));
    try {
      const zones = planReverseZones(["198.18.0.0/24", "2001:db8:0:1::/64"], [
        { address: "198.18.0.10", asn: 65001, pop: "AMS", lan: "Main" },
        { address: "2001:db8:0:1::a", asn: 65001, pop: "AMS", lan: "Main" },
      ], settings);
      for (const zone of zones) {
        const file = path.join(dir, "zone");
        writeFileSync(file, renderZone(zone, { ...settings, hostmaster: "dns.admin@ix.example.net" }, 2026010100));
        const output = execFileSync("named-checkzone", [zone.name, file], { encoding: "utf8" });
        expect(output).toContain("serial 2026010100");
        expect(output).toMatch(/OK/);
        expect(renderZone(zone, { ...settings, hostmaster: "dns.admin@ix.example.net" }, 1)).toContain(" dns\\.admin.ix.example.net. ( 1 ");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("hashes the records, not the serial", () => {
    const [zone] = planReverseZones(["198.18.0.0/24"], [{ address: "198.18.0.10", asn: 65001, pop: "AMS", lan: "Main" }], settings);
    const [moved] = planReverseZones(["198.18.0.0/24"], [{ address: "198.18.0.10", asn: 65001, pop: "FRA", lan: "Main" }], settings);
    expect(zoneContentHash(zone!, settings)).not.toBe(zoneContentHash(moved!, settings));
    expect(renderZone(zone!, settings, 1)).not.toBe(renderZone(zone!, settings, 2));
  });
});

describe("PTR names (property)", () => {
  it("are valid host names under the IX domain whatever the POP code, LAN name and ASN", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4_294_967_294 }), fc.option(fc.string({ maxLength: 80 })), fc.string({ maxLength: 80 }), fc.ipV4(), (asn, pop, lan, address) => {
        for (const template of ["as{asn}.{pop}.{domain}", "{ip}.{lan}.{domain}", "AS{asn}-{pop}.peering.{domain}"]) {
          const name = ptrName(template, { asn, pop, lan, address, domain: settings.domain });
          expect(name.endsWith(".ix.example.net.")).toBe(true);
          for (const label of name.slice(0, -1).split(".")) expect(label).toMatch(HOST_LABEL);
        }
      }),
    );
  });

  it("the reverse name of every address in a prefix ends in one of the prefix's zones", () => {
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 32, max: 124 }), (address, length) => {
        const network = ipaddr.IPv6.networkAddressFromCIDR(`${address}/${length}`).toString();
        const zones = reverseZoneNames(`${network}/${length}`);
        expect(zones.filter((zone) => reverseName(address).endsWith(`.${zone}`))).toHaveLength(1);
      }),
    );
  });
});

describe("SOA serials (property)", () => {
  it("always increase, and start each day at YYYYMMDD00", () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 0, max: 4_294_967_294 })), fc.date({ min: new Date("1970-01-01"), max: new Date("2100-12-31"), noInvalidDate: true }), (previous, now) => {
        const serial = nextSerial(previous, now);
        if (previous !== null) expect(serial).toBeGreaterThan(previous);
        expect(serial).toBeLessThanOrEqual(4_294_967_295);
        const today = Number(now.toISOString().slice(0, 10).replace(/-/g, "")) * 100;
        expect(serial).toBeGreaterThanOrEqual(Math.min(today, previous === null ? today : previous + 1));
      }),
    );
    expect(nextSerial(null, new Date("2026-11-29T12:00:00Z"))).toBe(2026112900);
    expect(nextSerial(2026112900, new Date("2026-11-29T13:00:00Z"))).toBe(2026112901);
    expect(nextSerial(2026112905, new Date("2026-11-30T00:00:00Z"))).toBe(2026113000);
  });
});

describe("reverse DNS settings", () => {
  it("are off until RDNS_DOMAIN is set, then default the name servers and hostmaster from it", () => {
    expect(reverseDnsSettings(parseEnv({}))).toBeNull();
    expect(reverseDnsSettings(parseEnv({ RDNS_DOMAIN: "IX.example.net" }))).toEqual({ ...settings, domain: "ix.example.net", nameservers: ["ns1.ix.example.net"] });
  });

  it("refuse a template with an unknown placeholder or a bad domain, saying what is allowed", () => {
    expect(() => parseEnv({ RDNS_NAME_TEMPLATE: "as{asn}.{city}.{domain}" })).toThrow(/RDNS_NAME_TEMPLATE: must be a name such as as\{asn\}\.\{pop\}\.\{domain\} \(placeholders/);
    expect(() => parseEnv({ RDNS_DOMAIN: "not a domain" })).toThrow(/RDNS_DOMAIN: must be a domain name/);
    expect(() => parseEnv({ RDNS_NAMESERVERS: "ns1.example.net,bad_name" })).toThrow(/RDNS_NAMESERVERS: must be a comma-separated list of host names/);
  });
});
