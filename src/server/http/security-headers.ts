import { randomBytes } from "node:crypto";

/** A fresh value per response: Next.js puts it on its own scripts, injected scripts do not have it. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * The headers every response carries. Scripts and inline styles need this response's nonce ('strict-dynamic' lets
 * Next's chunks load theirs); the site cannot be framed, types are not sniffed, and other sites see only
 * our origin as referrer (status and sign-in links carry tokens in their paths). On https, browsers are
 * told to stay on https.
 */
export function securityHeaders(nonce: string, appUrl: string): Record<string, string> {
  const https = new URL(appUrl).protocol === "https:";
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  return {
    "Content-Security-Policy": policy,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    ...(https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
