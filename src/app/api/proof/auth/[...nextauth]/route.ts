import type { NextRequest } from "next/server";
import { peeringDbLoginEnabled, proofHandlers } from "@/server/requests/proof/peeringdb-login";

// PeeringDB sign-in as proof of ASN holdership (docs/ASN-PROOF.md); absent while it is not configured.
const off = () => new Response("PeeringDB sign-in is not configured", { status: 404 });
export const GET = (request: NextRequest) => (peeringDbLoginEnabled() ? proofHandlers.GET(request) : off());
export const POST = (request: NextRequest) => (peeringDbLoginEnabled() ? proofHandlers.POST(request) : off());
