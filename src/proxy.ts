import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/server/env";
import { isFormPost, refuseOversizeFormPost } from "@/server/http/form-body";
import { newNonce, securityHeaders } from "@/server/http/security-headers";

/** Next.js 16's request proxy (formerly middleware); each concern lives in a function under src/server/http. */
export function proxy(request: NextRequest): Response {
  const headers = securityHeaders(newNonce(), env().APP_URL);
  const refused = isFormPost(request) ? refuseOversizeFormPost(request) : null;
  if (refused) {
    for (const [name, value] of Object.entries(headers)) refused.headers.set(name, value);
    return refused;
  }
  // Next.js reads the nonce from the request's policy and puts it on the scripts it renders.
  const forwarded = new Headers(request.headers);
  forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    // Pages and form posts (static build files are the same for everyone and carry no nonce).
    "/((?!api/|ix-api/|_next/static|_next/image).*)",
    // The JSON API only when no body comes with the request: Next buffers the body of every request its
    // proxy matches, and the API caps its own bodies while reading them (src/server/http/json-body.ts).
    { source: "/api/:path*", missing: [{ type: "header", key: "content-length" }, { type: "header", key: "transfer-encoding" }] },
    // IX-API (src/server/ixapi) likewise: it reads its JSON bodies with the same cap.
    { source: "/ix-api/:path*", missing: [{ type: "header", key: "content-length" }, { type: "header", key: "transfer-encoding" }] },
  ],
};
