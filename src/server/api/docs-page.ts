import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { escapeHtml } from "@/server/http/unavailable";

/**
 * /api/docs: Swagger UI (swagger-ui-dist, served from node_modules as static assets) reading
 * /api/v1/openapi.json. It runs under the site's nonce CSP: both scripts carry this response's nonce.
 */

const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

/** The nonce src/proxy.ts put in the request's Content-Security-Policy, or null when the proxy did not run. */
export function nonceOf(request: Request): string | null {
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(request.headers.get("content-security-policy") ?? "")?.[1] ?? null;
}

export function docsPage(nonce: string, title: string): string {
  const n = escapeHtml(nonce);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script nonce="${n}" src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script nonce="${n}">
window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#swagger-ui", validatorUrl: null, deepLinking: true, persistAuthorization: false });
</script>
</body>
</html>`;
}

/** One of the Swagger UI files, or null for any other name. */
export async function docsAsset(name: string): Promise<{ body: Buffer; type: string } | null> {
  const type = ASSETS[name];
  if (!type) return null;
  return { body: await readFile(join(process.cwd(), "node_modules", "swagger-ui-dist", name)), type };
}
