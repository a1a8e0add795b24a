import { z } from "zod";
import { apiRoute } from "@/server/api/handler";
import { requestRouteServerRollout } from "@/server/routeserver/manage";
import { idPathSchema } from "@/shared/validation/form";

/** POST /api/v1/route-servers/3/deploy: the worker's config-rollout job renders, checks and reloads it within a minute. */
export const POST = apiRoute({
  summary: "Ask for a config rollout of one route server (the worker's config-rollout job does it within a minute)",
  role: "volunteer",
  scope: "routeservers:deploy",
  schema: z.object({}),
  params: idPathSchema,
  status: 202,
  handler: ({ db, actor, params }) => requestRouteServerRollout(db, actor, params.id),
});
