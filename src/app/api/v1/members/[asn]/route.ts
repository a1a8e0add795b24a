import { z } from "zod";
import { apiRoute } from "@/server/api/handler";
import { visibleMemberByAsn } from "@/server/members/api";
import { asnPathSchema } from "@/shared/validation/member";

/** GET /api/v1/members/AS64500: one member's whole picture; members only see their own. */
export const GET = apiRoute({
  summary: "One member by any of its ASNs (64500 or AS64500); members only get their own",
  role: "member",
  scope: "members:read",
  schema: z.object({}),
  params: asnPathSchema,
  handler: ({ db, user, params }) => visibleMemberByAsn(db, user, params.asn),
});
