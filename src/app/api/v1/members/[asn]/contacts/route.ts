import { apiRoute } from "@/server/api/handler";
import { visibleMemberByAsn } from "@/server/members/api";
import { updateClientContacts } from "@/server/members/service";
import { asnPathSchema, memberContactsSchema } from "@/shared/validation/member";

/** PUT /api/v1/members/AS64500/contacts: the member's contacts, as on the portal's form; members only their own. */
export const PUT = apiRoute({
  summary: "Replace a member's contacts (as the portal's contact form); members only their own",
  role: "member",
  scope: "members:write",
  schema: memberContactsSchema,
  params: asnPathSchema,
  handler: async ({ db, user, params, input }) => {
    const member = await visibleMemberByAsn(db, user, params.asn);
    return updateClientContacts(db, user, { ...input, clientId: member.client.id });
  },
});
