import { z } from "zod";
import { apiRoute } from "@/server/api/handler";
import { requestQueue } from "@/server/requests/queries";

/** GET /api/v1/requests: the review queue, as /admin/requests shows it. */
export const GET = apiRoute({
  summary: "The peering request queue: open requests grouped by ASN, confirmed ones first, with their checks and matches",
  role: "volunteer",
  scope: "requests:read",
  schema: z.object({}),
  handler: async ({ db }) => ({ groups: await requestQueue(db) }),
});
