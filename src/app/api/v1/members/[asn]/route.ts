import { z } from "zod";
import { apiRoute } from "@/server/api/handler";
import { hasRole } from "@/server/auth/roles";
import { NotFoundError } from "@/server/errors";
import { getMemberByAsn } from "@/server/members/queries";
import { asnTextSchema } from "@/shared/validation/user";

/** GET /api/v1/members/AS64500: one member's whole picture; members only see their own. */
export const GET = apiRoute({
  role: "member",
  schema: z.object({}),
  handler: async ({ db, user, params }) => {
    const asn = asnTextSchema.parse(params.asn);
    const member = await getMemberByAsn(db, asn);
    if (!member || (!hasRole(user.role, "volunteer") && member.client.id !== user.clientId)) {
      throw new NotFoundError(`no member with AS${asn} is visible to you`);
    }
    return member;
  },
});
