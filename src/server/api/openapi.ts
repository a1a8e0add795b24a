import type { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { API_SCOPES } from "@/shared/api-scopes";
import type { ApiRouteHandler } from "./handler";

/**
 * The OpenAPI 3.1 description of /api/v1, built from what each route declares in apiRoute() (summary,
 * role, scope, the zod schemas of its path, query and body): there is no second list to keep in step.
 * Pure: route definitions in, document out.
 */

export const API_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof API_METHODS)[number];

/** A route module's exports, e.g. `import * as locations from "@/app/api/v1/locations/route"`. */
export type RouteModule = Partial<Record<Method, ApiRouteHandler>> & Record<string, unknown>;

const PROBLEM: Record<string, unknown> = {
  type: "object",
  required: ["type", "title", "status"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    errors: { description: "each field that failed validation", type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } },
    missingScope: { description: "403 to a token without the route's scope: the scope it lacks", type: "string" },
  },
};

const problemResponse = (description: string) => ({ description, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } });

/** "/api/v1/members/[asn]" -> "/api/v1/members/{asn}" */
export const openApiPath = (pattern: string) => pattern.replace(/\[([^\]]+)\]/g, "{$1}");

function operation(method: Method, handler: ApiRouteHandler): ZodOpenApiOperationObject {
  const { summary, role, scope, schema, params, status = 200 } = handler.definition;
  const fromBody = method !== "GET";
  return {
    summary,
    description: `Scope \`${scope}\` (${API_SCOPES[scope].description}); role ${role} or above. With the browser session no scope applies.`,
    "x-scope": scope,
    "x-role": role,
    tags: [scope.split(":")[0]!],
    security: [{ bearerToken: [scope] }, { session: [] }],
    requestParams: { ...(params ? { path: params } : {}), ...(!fromBody ? { query: schema as z.ZodObject } : {}) },
    ...(fromBody ? { requestBody: { required: true, content: { "application/json": { schema } } } } : {}),
    responses: {
      [String(status)]: { description: "done", content: { "application/json": { schema: { type: "object", additionalProperties: true } } } },
      "400": problemResponse("the input failed validation (errors lists each field) or the body is not a JSON object"),
      "401": problemResponse("no token or session, or an unknown or expired token"),
      "403": problemResponse("the role is too low, the token lacks the scope (missingScope names it) or is used from an address it is not allowed from"),
      "404": problemResponse("the thing does not exist or is not visible to the caller"),
      ...(fromBody ? { "409": problemResponse("the change clashes with existing data"), "422": problemResponse("another rule of the IX refused it") } : {}),
      "503": problemResponse("the database cannot be reached; nothing was changed"),
    },
  } as ZodOpenApiOperationObject;
}

export function openApiDocument(routes: Record<string, RouteModule>, info: { title: string; version: string; serverUrl: string }) {
  const paths: ZodOpenApiPathsObject = {};
  for (const [pattern, module] of Object.entries(routes)) {
    for (const method of API_METHODS) {
      const handler = module[method];
      if (!handler) continue;
      (paths[openApiPath(pattern)] ??= {})[method.toLowerCase() as Lowercase<Method>] = operation(method, handler);
    }
  }
  paths["/api/v1/openapi.json"] = {
    get: { summary: "This description (OpenAPI 3.1)", security: [], tags: ["meta"], responses: { "200": { description: "the document", content: { "application/json": { schema: { type: "object" } } } } } },
  };
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: info.title,
      version: info.version,
      description: "The token-authenticated JSON API of the IXP Portal. Send `Authorization: Bearer ixp_…`; every operation names the scope its token needs (docs/API.md).",
    },
    servers: [{ url: info.serverUrl }],
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: `API token (ixp token create). Scopes: ${Object.entries(API_SCOPES).map(([name, s]) => `\`${name}\` ${s.description}`).join("; ")}.` },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "the portal's browser session (changes only from the portal's own pages)" },
      },
      schemas: { Problem: PROBLEM },
    },
    paths,
  });
}
