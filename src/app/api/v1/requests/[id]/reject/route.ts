import { apiRoute } from "@/server/api/handler";
import { rejectRequest } from "@/server/requests/reject";
import { webReviewer } from "@/server/requests/reviewer";
import { idPathSchema } from "@/shared/validation/form";
import { rejectReasonSchema } from "@/shared/validation/request";

/** POST /api/v1/requests/12/reject: reject an open request; the reason is emailed to the requester. */
export const POST = apiRoute({
  summary: "Reject an open peering request; the reason is emailed to the requester",
  role: "volunteer",
  scope: "requests:write",
  schema: rejectReasonSchema,
  params: idPathSchema,
  handler: async ({ db, user, params, input }) => {
    await rejectRequest(db, { requestId: params.id, reason: input.reason }, webReviewer(user));
    return { id: params.id, state: "rejected" };
  },
});
