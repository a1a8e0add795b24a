import { NextResponse } from "next/server";
import { refuseOversizeFormPost } from "@/server/http/form-body";

/** Next.js 16's request proxy (formerly middleware); each concern lives in a function under src/server/http. */
export function proxy(request: Request) {
  return refuseOversizeFormPost(request) ?? NextResponse.next();
}

export const config = {
  // Only server-action posts: a proxy makes Next buffer the body of every request it matches, so the
  // JSON API (which caps its own bodies while reading) stays out.
  matcher: [
    { source: "/((?!api/|_next/).*)", has: [{ type: "header", key: "next-action" }] },
    { source: "/((?!api/|_next/).*)", has: [{ type: "header", key: "content-type", value: "(?:multipart/form-data|application/x-www-form-urlencoded).*" }] },
  ],
};
