import { describe, expect, it } from "vitest";
import { newNonce, securityHeaders } from "@/server/http/security-headers";

describe("securityHeaders", () => {
  it("asks browsers to stay on https (HSTS, upgrade-insecure-requests) only when APP_URL is https", () => {
    const https = securityHeaders(newNonce(), "https://portal.example.net");
    expect(https["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(https["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
    const http = securityHeaders(newNonce(), "http://localhost:3000");
    expect(http["Strict-Transport-Security"]).toBeUndefined();
    expect(http["Content-Security-Policy"]).not.toContain("upgrade-insecure-requests");
  });

  it("puts the nonce in the policy for scripts and styles", () => {
    const nonce = newNonce();
    const policy = securityHeaders(nonce, "http://localhost:3000")["Content-Security-Policy"]!;
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(policy).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(newNonce()).not.toBe(nonce);
  });
});
