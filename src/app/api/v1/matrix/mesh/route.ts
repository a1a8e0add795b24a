import { z } from "zod";
import { apiRoute } from "@/server/api/handler";
import { loadMeshMatrix } from "@/server/matrix/mesh-matrix";
import { recordMeshReport } from "@/server/matrix/mesh-store";
import { meshReportSchema } from "@/shared/validation/matrix";

/** GET /api/v1/matrix/mesh: the POP-to-POP matrix, the latest probe of every link. */
export const GET = apiRoute({
  role: "volunteer",
  schema: z.object({}),
  handler: ({ db }) => loadMeshMatrix(db),
});

/** POST /api/v1/matrix/mesh: a tunnel server's probe report (`ixp agent probe-mesh`). */
export const POST = apiRoute({
  role: "volunteer",
  schema: meshReportSchema,
  handler: ({ db, input }) => recordMeshReport(db, input),
});
