import { describe, expect, it } from "vitest";
import { maskEmail } from "@/server/requests/proof/mask";
import { rdapBaseUrlFor, rdapContactEmails, vcardEmails } from "@/server/requests/proof/rdap";

describe("masking registry addresses", () => {
  it.each([
    ["noc@example.net", "n**@ex***.net"],
    ["peering@as64500.example.co.uk", "p**@as***.ex***.c***.uk"],
    ["a@b.io", "a**@b***.io"],
    ["x@localhost", "x**@lo***.***"],
    ["not-an-address", "***"],
  ])("%s is shown as %s", (address, masked) => {
    expect(maskEmail(address)).toBe(masked);
  });

  it("does not reveal the length of the address or any of its hidden letters", () => {
    expect(maskEmail("n@example.net")).toBe("n**@ex***.net");
    expect(maskEmail("nocteam-24x7@exodus-transit.net")).toBe("n**@ex***.net");
    const masked = maskEmail("secretmailbox@hiddendomain.org");
    expect(masked).toBe("s**@hi***.org");
    expect(masked).not.toMatch(/ecret|ddendomain/);
  });
});

// The shape of IANA's https://data.iana.org/rdap/asn.json (RFC 9224), a few entries of it.
const bootstrap = {
  version: "1.0",
  publication: "2026-11-01T00:00:00Z",
  services: [
    [["1-1876", "1902-2042"], ["https://rdap.arin.net/registry/", "http://rdap.arin.net/registry/"]],
    [["1877-1901", "64496-64511"], ["http://rdap.example/only-http/", "https://rdap.db.ripe.net/"]],
    [["213000"], ["https://rdap.db.ripe.net/"]],
  ],
};

describe("RDAP bootstrap lookup (RFC 9224)", () => {
  it("finds the service whose range holds the ASN, preferring https", () => {
    expect(rdapBaseUrlFor(bootstrap, 1)).toBe("https://rdap.arin.net/registry/");
    expect(rdapBaseUrlFor(bootstrap, 2042)).toBe("https://rdap.arin.net/registry/");
    expect(rdapBaseUrlFor(bootstrap, 64500)).toBe("https://rdap.db.ripe.net/");
    expect(rdapBaseUrlFor(bootstrap, 213000)).toBe("https://rdap.db.ripe.net/");
  });

  it("answers null for an ASN no service covers, and for a file that is not a bootstrap registry", () => {
    expect(rdapBaseUrlFor(bootstrap, 1890 + 200)).toBeNull();
    expect(rdapBaseUrlFor(bootstrap, 213001)).toBeNull();
    expect(rdapBaseUrlFor({ services: "nope" }, 1)).toBeNull();
    expect(rdapBaseUrlFor(null, 1)).toBeNull();
  });
});

const vcard = (...emails: string[]) => ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Example NOC"], ...emails.map((e) => ["email", { type: "work" }, "text", e])]];

describe("RDAP vCard parsing (RFC 9083, jCard RFC 7095)", () => {
  it("reads the email properties of a jCard, lower-cased, skipping what is not an address", () => {
    expect(vcardEmails(vcard("NOC@Example.NET", "not an address"))).toEqual(["noc@example.net"]);
    expect(vcardEmails(["vcard", [["EMAIL", {}, "text", "x@example.org"], ["tel", {}, "uri", "tel:+1"]]])).toEqual(["x@example.org"]);
    expect(vcardEmails(["notvcard", []])).toEqual([]);
    expect(vcardEmails(undefined)).toEqual([]);
  });

  it("collects contact roles from nested entities (as ARIN nests them under the registrant), once per role and address", () => {
    const autnum = {
      objectClassName: "autnum",
      handle: "AS64500",
      entities: [
        {
          objectClassName: "entity",
          roles: ["registrant"],
          vcardArray: vcard("owner@example.net"),
          entities: [
            { objectClassName: "entity", roles: ["technical", "noc"], vcardArray: vcard("noc@example.net") },
            { objectClassName: "entity", roles: ["abuse"], vcardArray: vcard("abuse@example.net", "ABUSE@example.net") },
          ],
        },
        { objectClassName: "entity", roles: ["administrative"], vcardArray: vcard("admin@example.net") },
        { objectClassName: "entity", roles: ["technical"], vcardArray: vcard("noc@example.net") },
        { objectClassName: "entity", roles: ["registrar"], vcardArray: vcard("rir@example.net") },
      ],
    };
    expect(rdapContactEmails(autnum)).toEqual([
      { role: "technical", email: "noc@example.net" },
      { role: "noc", email: "noc@example.net" },
      { role: "abuse", email: "abuse@example.net" },
      { role: "administrative", email: "admin@example.net" },
    ]);
  });

  it("leaves out the contacts nested below a registrar, sponsor or reseller: they are not the holder's", () => {
    const autnum = {
      objectClassName: "autnum",
      handle: "AS64500",
      entities: [
        { objectClassName: "entity", roles: ["registrant"], entities: [{ objectClassName: "entity", roles: ["technical"], vcardArray: vcard("noc@holder.example") }] },
        {
          objectClassName: "entity",
          roles: ["registrar"],
          vcardArray: vcard("rir@lir.example"),
          entities: [{ objectClassName: "entity", roles: ["technical"], vcardArray: vcard("tech@lir.example") }],
        },
        { objectClassName: "entity", roles: ["sponsor"], entities: [{ objectClassName: "entity", roles: ["abuse"], vcardArray: vcard("abuse@sponsor.example") }] },
        { objectClassName: "entity", roles: ["reseller"], entities: [{ objectClassName: "entity", roles: ["noc"], vcardArray: vcard("noc@reseller.example") }] },
      ],
    };
    expect(rdapContactEmails(autnum)).toEqual([{ role: "technical", email: "noc@holder.example" }]);
  });

  it("finds nothing in a record without entities or with entities without vCards", () => {
    expect(rdapContactEmails({ objectClassName: "autnum", handle: "AS64501" })).toEqual([]);
    expect(rdapContactEmails({ entities: [{ roles: ["technical"] }, "junk", null] })).toEqual([]);
    expect(rdapContactEmails(null)).toEqual([]);
  });
});
