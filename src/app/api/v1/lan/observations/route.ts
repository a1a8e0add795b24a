import { apiRoute } from "@/server/api/handler";
import { recordLanReport } from "@/server/lan-hygiene/report";
import { lanReportSchema } from "@/shared/validation/lan-hygiene";

/** POST /api/v1/lan/observations: a LAN watcher's report (`ixp agent watch --portal`); volunteers' tokens. */
export const POST = apiRoute({
  summary: "A LAN watcher's report (`ixp agent watch --portal`); answers the findings",
  role: "volunteer",
  scope: "lan:report",
  schema: lanReportSchema,
  handler: ({ db, input }) => recordLanReport(db, input),
});
