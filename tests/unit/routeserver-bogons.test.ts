import { describe, expect, it } from "vitest";
import { prefix } from "@/server/routeserver/bird-syntax";
import { BOGON_SOURCE, BOGONS_V4, BOGONS_V6, bogonSetItems } from "@/server/routeserver/bogons";

describe("bogon table from the IANA special-purpose registries", () => {
  for (const [family, entries] of [[4, BOGONS_V4], [6, BOGONS_V6]] as const) {
    const { bogons, allowed } = bogonSetItems(family);
    it.each(entries.map((entry) => [entry.prefix, entry]))(`IPv${family} %s is canonical, sourced and rendered by its policy`, (_text, entry) => {
      const { network, length } = prefix(entry.prefix, family);
      expect(`${network}/${length}`).toBe(entry.prefix);
      expect(entry.name).not.toBe("");
      expect(entry.rfc).toMatch(/^RFC \d+$/);
      const host = family === 4 ? 32 : 128;
      const rendered = {
        reject: { bogons: [`${entry.prefix}+`], allowed: [] },
        allow: { bogons: [], allowed: [`${entry.prefix}+`] },
        "exact-only": { bogons: [`${entry.prefix}{${length + 1},${host}}`], allowed: [`${entry.prefix}{${length},${length}}`] },
      }[entry.policy];
      expect(bogons.filter((item) => item.startsWith(`${entry.prefix}{`) || item === `${entry.prefix}+`)).toEqual(rendered.bogons);
      expect(allowed.filter((item) => item.startsWith(`${entry.prefix}{`) || item === `${entry.prefix}+`)).toEqual(rendered.allowed);
    });
  }

  it("has the blocks issue #15 names, with the policy it asks for, and says where the data comes from", () => {
    const policy = (text: string) => [...BOGONS_V4, ...BOGONS_V6].find((entry) => entry.prefix === text)?.policy;
    expect(policy("2001::/32")).toBe("exact-only"); // Teredo: more-specifics are bogons
    expect(policy("2002::/16")).toBe("exact-only"); // 6to4
    expect(policy("2001:3::/32")).toBe("allow"); // AMT
    expect(policy("2001:20::/28")).toBe("allow"); // ORCHIDv2
    for (const documentation of ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "3fff::/20"]) expect(policy(documentation)).toBe("reject");
    for (const benchmarking of ["198.18.0.0/15", "2001:2::/48"]) expect(policy(benchmarking)).toBe("reject");
    expect(BOGON_SOURCE).toMatch(/IANA .*\d{4}-\d{2}-\d{2}/);
    expect(new Set(BOGONS_V4.map((e) => e.prefix)).size).toBe(BOGONS_V4.length);
    expect(new Set(BOGONS_V6.map((e) => e.prefix)).size).toBe(BOGONS_V6.length);
  });
});
