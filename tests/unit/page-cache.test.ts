import { describe, expect, it } from "vitest";
import { acceptsGzip, fillOrigin, toStoredPage } from "@/server/http/page-cache";

/** The page cache's pure parts; tests/browser/page-cache.test.ts runs it in the built app. */

const rendered = (status: number, headers: Record<string, string>, body: string) => ({
  status,
  rawHeaders: Object.entries(headers).flat(),
  body: Buffer.from(body),
});
const POLICY = "script-src 'self' 'nonce-AbC+/9==' 'strict-dynamic'";

describe("acceptsGzip", () => {
  it.each([
    ["gzip", true],
    ["gzip, deflate, br", true],
    ["br;q=1.0, GZIP;q=0.5", true],
    ["*", true],
    ["identity", false],
    ["gzip;q=0", false],
    ["gzip; q=0.000", false],
    ["br", false],
    ["", false],
  ])("%j → %s", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
  it("without the header: no", () => expect(acceptsGzip(undefined)).toBe(false));
});

describe("fillOrigin", () => {
  it("asks itself on loopback when it listens everywhere", () => {
    expect(fillOrigin("0.0.0.0", 3000)).toBe("http://127.0.0.1:3000");
    expect(fillOrigin("::", 3000)).toBe("http://[::1]:3000");
    expect(fillOrigin("127.0.0.1", 8080)).toBe("http://127.0.0.1:8080");
    expect(fillOrigin("fd00::5", 80)).toBe("http://[fd00::5]:80");
  });
});

describe("toStoredPage", () => {
  it("splits headers and body where the nonce was, and drops what is per response", () => {
    const page = toStoredPage(
      rendered(200, { "Content-Security-Policy": POLICY, Link: '</a.css>; nonce="AbC+/9=="', Date: "x", "Transfer-Encoding": "chunked", "Content-Type": "text/html" }, '<script nonce="AbC+/9==">1</script>'),
      "v1",
      5,
    );
    expect(page).toEqual({
      version: "v1",
      storedAt: 5,
      status: 200,
      headers: [
        ["Content-Security-Policy", ["script-src 'self' 'nonce-", "' 'strict-dynamic'"]],
        ["Link", ['</a.css>; nonce="', '"']],
        ["Content-Type", ["text/html"]],
      ],
      body: ['<script nonce="', '">1</script>'],
    });
  });

  it("stores only a plain 200 with a nonce and no cookie", () => {
    expect(toStoredPage(rendered(404, { "Content-Security-Policy": POLICY }, ""), "v", 0)).toBe("status 404");
    expect(toStoredPage(rendered(200, { "Content-Security-Policy": POLICY, "Set-Cookie": "a=b" }, ""), "v", 0)).toBe("it sets a cookie");
    expect(toStoredPage(rendered(200, { "Content-Type": "text/html" }, ""), "v", 0)).toBe("no nonce in its Content-Security-Policy");
  });
});
