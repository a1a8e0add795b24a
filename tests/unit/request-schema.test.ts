import { describe, expect, it } from "vitest";
import { z } from "zod";
import { endpointRejectionReason, peeringRequestSchema } from "@/shared/validation/request";

const schema = peeringRequestSchema({ allowPrivateAsns: false });
const lab = peeringRequestSchema({ allowPrivateAsns: true });

const valid = {
  networkName: "Example Networks",
  asn: "AS213999",
  contactEmail: "NOC@Example.net ",
  website: "https://www.example.net",
  locationId: "3",
  tunnelType: "vxlan",
  remoteEndpoint: "2a01:4f8::1",
  wantsIpv4: "on",
  asSet: "as-example",
  comments: "",
  fax: "",
};

function fieldErrors(input: Record<string, unknown>, using = schema) {
  const result = using.safeParse(input);
  return result.success ? {} : (z.flattenError(result.error).fieldErrors as Record<string, string[]>);
}

describe("the peering request schema", () => {
  it("accepts a good request and normalises it", () => {
    expect(schema.parse(valid)).toEqual({
      networkName: "Example Networks",
      asn: 213999,
      contactEmail: "noc@example.net",
      website: "https://www.example.net",
      locationId: 3,
      tunnelType: "vxlan",
      remoteEndpoint: "2a01:4f8::1",
      wantsIpv4: true,
      publishContact: false,
      asSet: "AS-EXAMPLE",
      comments: undefined,
      fax: "",
    });
    expect(schema.parse({ ...valid, wantsIpv4: undefined }).wantsIpv4).toBe(false);
    expect(schema.parse({ ...valid, publishContact: "yes" }).publishContact).toBe(true);
    expect(schema.parse({ ...valid, website: "", asSet: "" })).toMatchObject({ website: undefined, asSet: undefined });
  });

  it.each([
    ["0", /AS 0 is reserved/],
    ["23456", /AS_TRANS/],
    ["64496", /documentation/],
    ["65551", /documentation/],
    ["64512", /private-use/],
    ["4200000000", /private-use/],
    ["65535", /reserved/],
    ["100000", /reserved by IANA/],
    ["4294967295", /reserved/],
    ["4294967296", /must be an AS number/],
    ["AS-FOO", /must be an AS number/],
    ["", /must be an AS number/],
  ])("refuses ASN %s", (asn, message) => {
    expect(fieldErrors({ ...valid, asn }).asn?.join()).toMatch(message);
  });

  it("accepts private ASNs only when the IX allows them", () => {
    expect(fieldErrors({ ...valid, asn: "64512" }, lab)).toEqual({});
    expect(fieldErrors({ ...valid, asn: "64496" }, lab).asn?.join()).toMatch(/documentation/);
  });

  it.each([
    ["10.1.2.3", /private/],
    ["172.16.0.1", /private/],
    ["192.168.1.1", /private/],
    ["127.0.0.1", /loopback/],
    ["::1", /loopback/],
    ["169.254.1.1", /link-local/],
    ["fe80::1", /link-local/],
    ["224.0.0.5", /multicast/],
    ["ff02::1", /multicast/],
    ["192.0.2.1", /reserved/],
    ["198.51.100.1", /reserved/],
    ["203.0.113.9", /reserved/],
    ["2001:db8::1", /reserved/],
    ["198.18.0.1", /reserved/],
    ["2001:2::1", /benchmarking/],
    ["100.64.0.1", /carrier-grade NAT/],
    ["fd00::1", /unique-local/],
    ["::ffff:8.8.8.8", /IPv4-mapped/],
    ["0.0.0.0", /unspecified/],
    ["255.255.255.255", /broadcast/],
    ["8.8.8", /must be an IPv4 or IPv6 address/],
    ["0x08.8.8.8", /must be an IPv4 or IPv6 address/],
    ["203.0.113.0/24", /must be an IPv4 or IPv6 address/],
    ["2a01::1%eth0", /must be an IPv4 or IPv6 address/],
    ["example.net", /must be an IPv4 or IPv6 address/],
  ])("refuses tunnel endpoint %s", (endpoint, message) => {
    expect(fieldErrors({ ...valid, remoteEndpoint: endpoint }).remoteEndpoint?.join()).toMatch(message);
  });

  it("accepts public unicast endpoints and stores them canonically", () => {
    expect(endpointRejectionReason("8.8.8.8")).toBeNull();
    expect(schema.parse({ ...valid, remoteEndpoint: "2A01:04F8:0000::0001" }).remoteEndpoint).toBe("2a01:4f8::1");
  });

  it("asks for the endpoint each tunnel type needs", () => {
    expect(fieldErrors({ ...valid, remoteEndpoint: "" }).remoteEndpoint?.join()).toMatch(/public IPv4 or IPv6 address is required/);
    expect(fieldErrors({ ...valid, tunnelType: "openvpn", remoteEndpoint: "" })).toEqual({});
    expect(fieldErrors({ ...valid, tunnelType: "zerotier", remoteEndpoint: "8.8.8.8" }).remoteEndpoint?.join()).toMatch(/ZeroTier node id/);
    expect(fieldErrors({ ...valid, tunnelType: "zerotier", remoteEndpoint: "89e92ceee" }).remoteEndpoint?.join()).toMatch(/10 hexadecimal/);
    expect(schema.parse({ ...valid, tunnelType: "zerotier", remoteEndpoint: "89E92CEEE5" }).remoteEndpoint).toBe("89e92ceee5");
    expect(schema.parse({ ...valid, tunnelType: "local", remoteEndpoint: "10.0.0.1" }).remoteEndpoint).toBeUndefined();
    expect(fieldErrors({ ...valid, tunnelType: "gre" }).tunnelType?.join()).toMatch(/choose a tunnel type/);
  });

  it.each([
    ["AS-FOO", "AS-FOO"],
    ["as64500:as-customers", "AS64500:AS-CUSTOMERS"],
    ["AS-FOO:AS-BAR_V6", "AS-FOO:AS-BAR_V6"],
  ])("accepts AS-SET %s", (asSet, stored) => {
    expect(schema.parse({ ...valid, asSet }).asSet).toBe(stored);
  });

  it.each(["FOO", "AS64500", "AS-", "AS-FOO; reject", 'AS-FOO"', "AS-FOO\nprotocol", "RIPE::AS-FOO", "AS-FOO BAR", "AS-{x}", `AS-${"A".repeat(130)}`])(
    "refuses AS-SET %j",
    (asSet) => {
      expect(fieldErrors({ ...valid, asSet }).asSet?.join()).toMatch(/AS-SET name|at most 128/);
    },
  );

  it("refuses other bad fields with a message per field", () => {
    const errors = fieldErrors({ ...valid, networkName: " ", contactEmail: "nope", website: "javascript:alert(1)", locationId: "x" });
    expect(errors.networkName?.join()).toMatch(/required/);
    expect(errors.contactEmail?.join()).toMatch(/email address/);
    expect(errors.website?.join()).toMatch(/web address/);
    expect(errors.locationId?.join()).toMatch(/choose a POP/);
    expect(fieldErrors({ ...valid, networkName: "Evil\nName" }).networkName?.join()).toMatch(/one line/);
  });
});
