import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/server/env";
import { newNonce, securityHeaders } from "@/server/http/security-headers";

export function proxy(request: NextRequest): NextResponse {
  const headers = securityHeaders(newNonce(), env().APP_URL);
  // Next.js reads the nonce from the request's policy and puts it on the scripts it renders.
  const forwarded = new Headers(request.headers);
  forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Static build files are the same for everyone and carry no nonce.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
