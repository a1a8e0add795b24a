import type { NextRequest } from "next/server";
import { env } from "@/server/env";
import { PROOF_REQUEST_COOKIE, proofReturnPath } from "@/server/requests/proof/peeringdb-login";

/** Where Auth.js sends a PeeringDB sign-in that failed (refused, provider down, bad answer): back to the request. */
export function GET(request: NextRequest): Response {
  const path = proofReturnPath(request.cookies.get(PROOF_REQUEST_COOKIE)?.value, "peeringdb-failed");
  return Response.redirect(new URL(path, env().APP_URL), 303);
}
