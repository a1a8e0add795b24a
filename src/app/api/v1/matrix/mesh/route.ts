import { z } from "zod";
import { apiRoute } from "@/server/api/handler";
import { loadMeshMatrix } from "@/server/matrix/mesh-matrix";
import { recordMeshReport } from "@/server/matrix/mesh-store";
import { meshReportSchema } from "@/shared/validation/matrix";

/** GET /api/v1/matrix/mesh: the POP-to-POP matrix, the latest probe of every link. */
export const GET = apiRoute({
  summary: "The POP-to-POP connectivity matrix, the latest probe of every link",
  role: "volunteer",
  scope: "matrix:read",
  schema: z.object({}),
  handler: ({ db }) => loadMeshMatrix(db),
});

/** POST /api/v1/matrix/mesh: a tunnel server's probe report (`ixp agent probe-mesh`). */
export const POST = apiRoute({
  summary: "A tunnel server's mesh probe report (`ixp agent probe-mesh`); answers the links whose state changed",
  role: "volunteer",
  scope: "matrix:report",
  schema: meshReportSchema,
  handler: ({ db, input }) => recordMeshReport(db, input),
});
