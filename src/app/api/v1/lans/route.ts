import { z } from "zod";
import { apiRoute } from "@/server/api/handler";
import { listLans } from "@/server/lans/queries";

/** GET /api/v1/lans: peering LANs with their prefixes, scheme and reservations (volunteers). */
export const GET = apiRoute({
  summary: "Peering LANs with prefixes, allocation scheme, IX-F vlan id and reservations",
  role: "volunteer",
  scope: "network:read",
  schema: z.object({}),
  handler: async ({ db }) => ({ lans: await listLans(db) }),
});
