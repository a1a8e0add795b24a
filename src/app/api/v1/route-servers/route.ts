import { z } from "zod";
import { apiRoute } from "@/server/api/handler";
import { listRouteServers } from "@/server/routeserver/manage";

/** GET /api/v1/route-servers: route servers and how they are reached (volunteers). */
export const GET = apiRoute({
  summary: "Route servers, their addresses and how BIRD is reached",
  role: "volunteer",
  scope: "network:read",
  schema: z.object({}),
  handler: async ({ db }) => ({ routeServers: await listRouteServers(db) }),
});
