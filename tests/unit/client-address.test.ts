import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { clientAddress, parseAddressOrPrefix, type ProxyTrust } from "@/server/http/client-address";

const none: ProxyTrust = { hops: 0, proxies: [] };
const oneHop: ProxyTrust = { hops: 1, proxies: [] };
const known: ProxyTrust = { hops: 0, proxies: ["127.0.0.1", "10.0.0.0/8", "::1"].map(parseAddressOrPrefix) };

describe("the client address", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("198.51.100.9", undefined, none)).toBe("198.51.100.9");
    expect(clientAddress("198.51.100.9", "203.0.113.1", none)).toBe("198.51.100.9");
    expect(clientAddress("198.51.100.9", "1.1.1.1, 198.51.100.77", none)).toBe("198.51.100.9");
    expect(clientAddress("::ffff:198.51.100.9", "203.0.113.1", none)).toBe("198.51.100.9");
  });

  it("with N trusted hops, is the right-most address no trusted proxy added", () => {
    // The proxy appends the address it saw to what the client sent: "<spoofed>, <real>".
    expect(clientAddress("127.0.0.1", "203.0.113.5, 198.51.100.77", oneHop)).toBe("198.51.100.77");
    expect(clientAddress("127.0.0.1", "198.51.100.77", oneHop)).toBe("198.51.100.77");
    expect(clientAddress("10.0.0.2", "203.0.113.5, 198.51.100.77, 10.0.0.1", { hops: 2, proxies: [] })).toBe("198.51.100.77");
    // Fewer hops than configured: the left-most address there is.
    expect(clientAddress("127.0.0.1", undefined, oneHop)).toBe("127.0.0.1");
  });

  it("with trusted proxy addresses, skips exactly those from the right", () => {
    expect(clientAddress("127.0.0.1", "203.0.113.5, 198.51.100.77, 10.1.2.3", known)).toBe("198.51.100.77");
    expect(clientAddress("::1", "2001:db8::7", known)).toBe("2001:db8::7");
    // A client that is not a known proxy cannot make itself one by sending the header.
    expect(clientAddress("198.51.100.9", "10.1.2.3", known)).toBe("198.51.100.9");
  });

  it("stops at the last trusted proxy when the next hop is not an address", () => {
    expect(clientAddress("127.0.0.1", "203.0.113.5, unknown", oneHop)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "198.51.100.77:4711", oneHop)).toBe("127.0.0.1");
  });

  it("is configured by TRUSTED_PROXY_HOPS and TRUSTED_PROXIES, checked at start", () => {
    expect(parseEnv({}).TRUSTED_PROXY_HOPS).toBe(0);
    expect(parseEnv({}).TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv({ TRUSTED_PROXIES: "127.0.0.1, 10.0.0.0/8,::1" }).TRUSTED_PROXIES).toEqual(["127.0.0.1", "10.0.0.0/8", "::1"]);
    expect(() => parseEnv({ TRUSTED_PROXIES: "10.0.0.0/8, proxy.example" })).toThrow(/TRUSTED_PROXIES: must be a comma-separated list of addresses or prefixes/);
    expect(() => parseEnv({ TRUSTED_PROXY_HOPS: "-1" })).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});
