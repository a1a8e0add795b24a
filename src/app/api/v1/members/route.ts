import { apiRoute } from "@/server/api/handler";
import { listMembers } from "@/server/members/list";
import { memberSearchSchema } from "@/shared/validation/member";

/** GET /api/v1/members?q=&page=: members matching a search (volunteers). */
export const GET = apiRoute({
  summary: "Members matching a name, email, website, ASN or IP; 50 a page",
  role: "volunteer",
  scope: "members:read",
  schema: memberSearchSchema,
  handler: ({ db, input }) => listMembers(db, input),
});
