import { z } from "zod";
import { apiRoute } from "@/server/api/handler";
import { hasRole } from "@/server/auth/roles";
import { listLocations } from "@/server/locations/queries";
import { createLocation } from "@/server/locations/service";
import { locationInputSchema } from "@/shared/validation/location";

/** GET /api/v1/locations: every POP with the tunnel types it offers and their parameters. */
export const GET = apiRoute({
  summary: "POPs with the tunnel types they offer and their parameters (management host hidden from members)",
  role: "member",
  scope: "network:read",
  schema: z.object({}),
  handler: async ({ db, user }) => {
    const all = await listLocations(db);
    // The management address is for Ansible and volunteers, not for members.
    return { locations: hasRole(user.role, "volunteer") ? all : all.map((location) => ({ ...location, managementHost: undefined })) };
  },
});

/** POST /api/v1/locations: add a POP (same schema as the admin form). */
export const POST = apiRoute({
  summary: "Add a POP (the admin form's schema)",
  role: "volunteer",
  scope: "network:write",
  schema: locationInputSchema,
  status: 201,
  handler: ({ db, actor, input }) => createLocation(db, actor, input),
});
