import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { asnRejectionReason, classifyAsn, parseAsn } from "@/shared/asn";

describe("ASN rules", () => {
  it.each([
    [0, "reserved"],
    [23456, "reserved"],
    [64496, "documentation"],
    [64511, "documentation"],
    [64512, "private"],
    [65534, "private"],
    [65535, "reserved"],
    [65536, "documentation"],
    [131071, "reserved"],
    [4200000000, "private"],
    [4294967295, "reserved"],
  ])("classifies AS%i as %s", (asn, kind) => {
    expect(classifyAsn(asn).kind).toBe(kind);
  });

  it.each([1, 174, 6939, 64495, 131072, 206924, 4199999999])("accepts public AS%i", (asn) => {
    expect(asnRejectionReason(asn, { allowPrivate: false })).toBeNull();
  });

  it("accepts private ASNs only when the IX allows them", () => {
    expect(asnRejectionReason(65000, { allowPrivate: false })).toMatch(/private-use/);
    expect(asnRejectionReason(65000, { allowPrivate: true })).toBeNull();
    expect(asnRejectionReason(64500, { allowPrivate: true })).toMatch(/documentation/);
  });

  it("parses AS numbers in the usual spellings and refuses the rest", () => {
    expect(parseAsn("AS6939")).toBe(6939);
    expect(parseAsn(" as64500 ")).toBe(64500);
    expect(parseAsn("4294967295")).toBe(4294967295);
    expect(parseAsn("4294967296")).toBeNull();
    expect(parseAsn("AS-FOO")).toBeNull();
    expect(parseAsn("12.5")).toBeNull();
    expect(parseAsn("")).toBeNull();
  });

  it("never throws and agrees with the ranges for any 32-bit value", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4294967295 }), (asn) => {
        const inSpecial = asn === 0 || asn === 23456 || (asn >= 64496 && asn <= 131071) || asn >= 4200000000;
        expect(classifyAsn(asn).kind === "public").toBe(!inSpecial);
      }),
    );
  });
});
