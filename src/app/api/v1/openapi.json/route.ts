import { openApiDocument, type RouteModule } from "@/server/api/openapi";
import { env } from "@/server/env";
import * as lanObservations from "../lan/observations/route";
import * as lans from "../lans/route";
import * as locations from "../locations/route";
import * as matrixMesh from "../matrix/mesh/route";
import * as me from "../me/route";
import * as memberContacts from "../members/[asn]/contacts/route";
import * as member from "../members/[asn]/route";
import * as members from "../members/route";
import * as requestReject from "../requests/[id]/reject/route";
import * as requests from "../requests/route";
import * as routeServerDeploy from "../route-servers/[id]/deploy/route";
import * as routeServers from "../route-servers/route";

/** Every /api/v1 route module by its path; tests/browser/openapi.test.ts fails when one is missing. */
const ROUTES: Record<string, RouteModule> = {
  "/api/v1/lan/observations": lanObservations,
  "/api/v1/lans": lans,
  "/api/v1/locations": locations,
  "/api/v1/matrix/mesh": matrixMesh,
  "/api/v1/me": me,
  "/api/v1/members": members,
  "/api/v1/members/[asn]": member,
  "/api/v1/members/[asn]/contacts": memberContacts,
  "/api/v1/requests": requests,
  "/api/v1/requests/[id]/reject": requestReject,
  "/api/v1/route-servers": routeServers,
  "/api/v1/route-servers/[id]/deploy": routeServerDeploy,
};

let cached: unknown;

/** GET /api/v1/openapi.json: the OpenAPI 3.1 description of this API; public, like the code it describes. */
export function GET(): Response {
  cached ??= openApiDocument(ROUTES, { title: `${env().IX_NAME} portal API`, version: "1", serverUrl: new URL(env().APP_URL).origin });
  return Response.json(cached, { headers: { "Cache-Control": "public, max-age=300" } });
}
