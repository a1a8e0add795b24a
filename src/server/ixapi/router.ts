import { and, eq } from "drizzle-orm";
import { hasRole } from "@/server/auth/roles";
import type { Database } from "@/server/db/client";
import { connections } from "@/server/db/schema";
import { unreachableDatabaseCode } from "@/server/db/unavailable";
import { DatabaseUnavailableError } from "@/server/errors";
import { clientAddressFrom } from "@/server/http/client-address";
import { BodyError, readJsonObject } from "@/server/http/json-body";
import { RETRY_AFTER_SECONDS } from "@/server/http/unavailable";
import { logger } from "@/server/log";
import type { MailTransport } from "@/server/mail/transport";
import { ixapiAuthTokenRequestSchema, ixapiExchangeLanConfigRequestSchema, ixapiRefreshRequestSchema } from "@/shared/validation/ixapi";
import { createExchangeLanConfig, IxapiInputError } from "./configs";
import { principalForSecret, principalForSubject, type IxapiPrincipal } from "./credentials";
import { loadIxSnapshot } from "./load";
import { ixapiProblem, propertiesFromIssues, validationProblem } from "./problems";
import {
  filterCollection,
  ROLES,
  serializeAccounts,
  serializeContacts,
  serializeFacilities,
  serializeIps,
  serializeMacs,
  serializeMetroAreaNetworks,
  serializeMetroAreas,
  serializeNetworkFeatures,
  serializeNetworkServiceConfigs,
  serializeNetworkServices,
  serializePops,
  serializeProductOfferings,
  serializeRoleAssignments,
  type IxSnapshot,
  type Visibility,
} from "./serialize";
import { issueTokenPair, IxapiTokenError, verifyToken } from "./tokens";

type Json = Record<string, unknown>;

/** The collections under /ix-api/v2: account-bound ones are cut to what the principal may see. */
const COLLECTIONS: Record<string, (snapshot: IxSnapshot, visibility: Visibility) => Json[]> = {
  accounts: serializeAccounts,
  contacts: serializeContacts,
  roles: () => ROLES,
  "role-assignments": serializeRoleAssignments,
  facilities: serializeFacilities,
  pops: serializePops,
  "metro-areas": serializeMetroAreas,
  "metro-area-networks": serializeMetroAreaNetworks,
  "product-offerings": serializeProductOfferings,
  "network-services": serializeNetworkServices,
  "network-features": serializeNetworkFeatures,
  "network-service-configs": serializeNetworkServiceConfigs,
  ips: serializeIps,
  macs: serializeMacs,
};

export const IXAPI_COLLECTIONS = Object.keys(COLLECTIONS);

export interface IxapiOptions {
  now?: Date;
  transport?: MailTransport;
}

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

const unauthenticated = (kind: "authentication-error" | "signature-expired", detail: string) =>
  ixapiProblem(401, kind, detail, {}, { "WWW-Authenticate": 'Bearer realm="ix-api"' });

async function readBody(request: Request): Promise<Json | Response> {
  try {
    return await readJsonObject(request);
  } catch (error) {
    // 413/415 keep their status; the body is still IX-API's validation error.
    if (error instanceof BodyError) return ixapiProblem(error.status, "validation-error", error.message, { properties: [{ name: "body", reason: error.message }] });
    throw error;
  }
}

/** POST /auth/token and /auth/refresh: a fresh access/refresh pair. */
async function authEndpoint(db: Database, request: Request, kind: "token" | "refresh", now: Date): Promise<Response> {
  const body = await readBody(request);
  if (body instanceof Response) return body;
  if (kind === "token") {
    const parsed = ixapiAuthTokenRequestSchema.safeParse(body);
    if (!parsed.success) return validationProblem(propertiesFromIssues(parsed.error.issues));
    const principal = await principalForSecret(db, parsed.data.api_key, parsed.data.api_secret, now);
    if (!principal) return unauthenticated("authentication-error", "the api_key or api_secret is wrong");
    return json(await issueTokenPair(principal, now), 201);
  }
  const parsed = ixapiRefreshRequestSchema.safeParse(body);
  if (!parsed.success) return validationProblem(propertiesFromIssues(parsed.error.issues));
  const principal = await principalFromToken(db, parsed.data.refresh_token, "refresh", now);
  if (principal instanceof Response) return principal;
  return json(await issueTokenPair(principal, now), 201);
}

async function principalFromToken(db: Database, token: string, use: "access" | "refresh", now: Date): Promise<IxapiPrincipal | Response> {
  try {
    const subject = await verifyToken(token, use, now);
    const principal = await principalForSubject(db, subject);
    return principal ?? unauthenticated("authentication-error", "the API key behind this token has been revoked");
  } catch (error) {
    if (error instanceof IxapiTokenError) return unauthenticated(error.reason === "expired" ? "signature-expired" : "authentication-error", error.message);
    throw error;
  }
}

function visibilityOf(principal: IxapiPrincipal): Visibility | null {
  if (hasRole(principal.role, "volunteer")) return { all: true };
  return principal.clientId === null ? null : { all: false, clientId: principal.clientId };
}

async function createConfig(db: Database, request: Request, visibility: Visibility, options: IxapiOptions): Promise<Response> {
  const body = await readBody(request);
  if (body instanceof Response) return body;
  const parsed = ixapiExchangeLanConfigRequestSchema.safeParse(body);
  if (!parsed.success) return validationProblem(propertiesFromIssues(parsed.error.issues));
  let existing = null;
  if (parsed.data.connection !== undefined) {
    const [row] = await db
      .select({ locationId: connections.locationId, type: connections.type, remoteEndpoint: connections.remoteEndpoint })
      .from(connections)
      .where(and(eq(connections.id, Number(parsed.data.connection)), eq(connections.clientId, Number(parsed.data.consuming_account))));
    if (!row) return validationProblem([{ name: "connection", reason: "is not a connection of the consuming account" }]);
    existing = row;
  }
  try {
    const created = await createExchangeLanConfig(db, visibility, parsed.data, existing, { ip: clientAddressFrom(request.headers), ...options });
    const config = serializeNetworkServiceConfigs(await loadIxSnapshot(db), visibility).find((c) => c.id === created.id);
    return json(config, 201);
  } catch (error) {
    if (!(error instanceof IxapiInputError)) throw error;
    if (error.status === 403) return ixapiProblem(403, "permission-denied", error.message);
    if (error.status === 429) {
      const seconds = Math.max(1, Math.ceil(((error.retryAt?.getTime() ?? Date.now()) - Date.now()) / 1000));
      return ixapiProblem(429, "unable-to-fulfill", error.message, {}, { "Retry-After": String(seconds) });
    }
    return validationProblem(error.properties);
  }
}

/** Every /ix-api/v2 request: `path` is what follows /ix-api/v2/. */
export async function handleIxApi(db: Database, request: Request, path: string[], options: IxapiOptions = {}): Promise<Response> {
  const now = options.now ?? new Date();
  try {
    const [collection, id, ...rest] = path;
    if (collection === "auth" && (id === "token" || id === "refresh") && rest.length === 0) {
      if (request.method !== "POST") return ixapiProblem(405, "unable-to-fulfill", `use POST for /auth/${id}`, {}, { Allow: "POST" });
      return await authEndpoint(db, request, id, now);
    }

    const header = request.headers.get("authorization");
    const token = header ? /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1] : undefined;
    if (!token) return unauthenticated("authentication-error", "send the access token from POST /auth/token as Authorization: Bearer <token>");
    const principal = await principalFromToken(db, token, "access", now);
    if (principal instanceof Response) return principal;
    const visibility = visibilityOf(principal);
    if (!visibility) return ixapiProblem(403, "permission-denied", "this API key's user belongs to no member account");

    const serialize = collection ? COLLECTIONS[collection] : undefined;
    if (!serialize || rest.length > 0) return ixapiProblem(404, "not-found", `there is no resource /${path.join("/")} in this IX-API`);
    if (request.method === "POST" && collection === "network-service-configs" && id === undefined) {
      return await createConfig(db, request, visibility, options);
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      return ixapiProblem(405, "unable-to-fulfill", `${request.method} is not offered on /${path.join("/")}; this IX-API is read-only except POST /network-service-configs`, {}, { Allow: "GET" });
    }
    const items = serialize(await loadIxSnapshot(db), visibility);
    if (id === undefined) return json(filterCollection(items, new URL(request.url).searchParams));
    const item = items.find((candidate) => String(candidate.id) === id);
    return item ? json(item) : ixapiProblem(404, "not-found", `there is no ${collection} object with the id ${id} that you may see`);
  } catch (error) {
    if (unreachableDatabaseCode(error) || error instanceof DatabaseUnavailableError) {
      return ixapiProblem(503, "server-error", "the portal cannot reach its database right now; nothing was changed", {}, { "Retry-After": String(RETRY_AFTER_SECONDS) });
    }
    logger.error({ err: error }, "IX-API request failed");
    return ixapiProblem(500, "server-error", "something went wrong on our side; nothing was changed");
  }
}
