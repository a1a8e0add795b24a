import { docsPage, nonceOf } from "@/server/api/docs-page";
import { problem } from "@/server/api/problem";
import { env } from "@/server/env";

/** GET /api/docs: the API reference (Swagger UI) for /api/v1/openapi.json. */
export function GET(request: Request): Response {
  const nonce = nonceOf(request);
  // Without the proxy's nonce the scripts could not run under the site's CSP.
  if (!nonce) return problem(500, "the page was served without its security policy");
  return new Response(docsPage(nonce, `${env().IX_NAME} portal API`), { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
