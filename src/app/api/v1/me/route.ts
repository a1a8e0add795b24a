import { z } from "zod";
import { apiRoute } from "@/server/api/handler";
import { NotFoundError } from "@/server/errors";
import { getMember } from "@/server/members/queries";

/** GET /api/v1/me: the caller's own member record (what /portal shows). */
export const GET = apiRoute({
  summary: "The caller's own member record (client, ASNs with IPs, connections)",
  role: "member",
  scope: "members:read",
  schema: z.object({}),
  handler: async ({ db, user }) => {
    const member = user.clientId === null ? null : await getMember(db, user.clientId);
    if (!member) throw new NotFoundError("your account is not linked to a member");
    return member;
  },
});
