import { z } from "zod";
import { authorize, type SessionUser } from "@/server/auth/guard";
import { hasRole } from "@/server/auth/roles";
import { getDb, type Database } from "@/server/db/client";
import { env } from "@/server/env";
import { addressInRanges, clientAddressFrom, parseAddressOrPrefix } from "@/server/http/client-address";
import { BodyError, readJsonObject } from "@/server/http/json-body";
import type { ApiScope } from "@/shared/api-scopes";
import type { UserRole } from "@/shared/enums";
import { problem, problemFromError } from "./problem";
import { userForToken } from "./tokens";

export interface ApiContext<Input, Params = Record<string, string>> {
  user: SessionUser;
  /** Who the audit log names: the user, or the token acting for them. */
  actor: string;
  db: Database;
  input: Input;
  params: Params;
  request: Request;
}

type Authentication = { ok: true; user: SessionUser; actor: string } | { ok: false; response: Response };

const unauthorized = (detail: string) => problem(401, detail, {}, { "WWW-Authenticate": 'Bearer realm="ixp"' });

const SAFE_METHODS = new Set(["GET", "HEAD"]);

/**
 * A browser sends the session cookie along with requests other sites make (a form posting text/plain).
 * Changes made with the cookie must come from a page of this site, as JSON (which another site cannot send
 * without a CORS preflight); scripts use bearer tokens, which no browser adds by itself.
 */
function crossSiteProblem(request: Request): Response | null {
  if (SAFE_METHODS.has(request.method)) return null;
  if (request.headers.get("origin") !== new URL(env().APP_URL).origin) {
    return problem(403, "changes with a session cookie must come from this site's pages; scripts send a bearer token");
  }
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") return problem(415, "send the body as application/json");
  return null;
}

/** Whether a token limited to some client addresses is used from one of them. */
function fromAllowedAddress(request: Request, allowed: string[]): boolean {
  if (allowed.length === 0) return true;
  const address = clientAddressFrom(request.headers);
  return address !== null && addressInRanges(address, allowed.map(parseAddressOrPrefix));
}

/**
 * A bearer token when one is sent (never falling back to the session), otherwise the session cookie.
 * A token must come from an allowed address, its user must (still) have the role, and it must carry the
 * route's scope; the session acts with the whole role, as the pages do.
 */
async function authenticate(request: Request, required: UserRole, scope: ApiScope): Promise<Authentication> {
  const header = request.headers.get("authorization");
  if (header !== null) {
    const token = /^Bearer (\S+)$/i.exec(header.trim())?.[1];
    const user = token ? await userForToken(getDb(), token) : null;
    if (!user) return { ok: false, response: unauthorized("the bearer token is invalid or expired") };
    if (!fromAllowedAddress(request, user.allowedAddresses)) {
      return { ok: false, response: problem(403, `this token may not be used from ${clientAddressFrom(request.headers) ?? "this address"}`) };
    }
    if (!hasRole(user.role, required)) return { ok: false, response: problem(403, `this needs the ${required} role`) };
    if (!user.scopes.includes(scope)) return { ok: false, response: problem(403, `this token lacks the scope ${scope}`, { missingScope: scope }) };
    return { ok: true, user, actor: user.id };
  }
  const authorization = await authorize(required);
  if (!authorization.ok) {
    return { ok: false, response: authorization.status === 401 ? unauthorized("send a bearer token or sign in first") : problem(403, authorization.message) };
  }
  const crossSite = crossSiteProblem(request);
  if (crossSite) return { ok: false, response: crossSite };
  return { ok: true, user: authorization.user, actor: authorization.user.id };
}

async function readInput(request: Request, fromBody: boolean): Promise<unknown> {
  if (!fromBody) return Object.fromEntries(new URL(request.url).searchParams);
  return readJsonObject(request);
}

const emptyParams = z.object({});

/** What a route declares about itself: the one place its role, scope and schemas live (the OpenAPI document reads it). */
export interface ApiRouteDefinition<S extends z.ZodType = z.ZodType, P extends z.ZodObject = z.ZodObject> {
  /** One line for the API description. */
  summary: string;
  role: UserRole;
  /** What a bearer token needs for this route. */
  scope: ApiScope;
  /** The query string (GET) or the JSON body. */
  schema: S;
  /** Path segments such as [asn]. */
  params?: P;
  /** Success status (200 unless said). */
  status?: number;
}

export type ApiRouteHandler = ((request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>) & {
  definition: ApiRouteDefinition;
};

/**
 * The one wrapper for API routes (like dub's withWorkspace): bearer token (address, role, scope) or
 * session (role) -> schema.safeParse of the path, and of the query (GET) or JSON body -> handler.
 * Errors are application/problem+json.
 */
export function apiRoute<S extends z.ZodType, P extends z.ZodObject = z.ZodObject<Record<string, never>>>(
  options: ApiRouteDefinition<S, P> & { handler: (context: ApiContext<z.output<S>, z.output<P>>) => Promise<unknown> },
): ApiRouteHandler {
  const { handler, ...definition } = options;
  const handle = async (request: Request, route: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const authentication = await authenticate(request, options.role, options.scope);
      if (!authentication.ok) return authentication.response;
      let raw: unknown;
      try {
        raw = await readInput(request, request.method !== "GET" && request.method !== "HEAD");
      } catch (error) {
        if (error instanceof BodyError) return problem(error.status, error.message);
        throw error;
      }
      const parsed = options.schema.safeParse(raw);
      if (!parsed.success) return problemFromError(parsed.error);
      // Routes without dynamic segments get no params from Next.
      const params = (options.params ?? emptyParams).safeParse((await route?.params) ?? {});
      if (!params.success) return problemFromError(params.error);
      const body = await handler({ ...authentication, db: getDb(), input: parsed.data, params: params.data as z.output<P>, request });
      return Response.json(body, { status: options.status ?? 200, headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      return problemFromError(error);
    }
  };
  return Object.assign(handle, { definition: definition as ApiRouteDefinition });
}
