import { z } from "zod";
import { problem, problemFromError } from "@/server/api/problem";
import { currentUser } from "@/server/auth/guard";
import { hasRole } from "@/server/auth/roles";
import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { BirdError } from "@/server/routeserver/bird-client";
import { addressBucket } from "@/server/requests/submit";
import { clientAddressFrom } from "@/server/http/client-address";
import { asPathGraph } from "./as-path-graph";
import { RouteServerBusyError, RouteServerNotReachableError, takeClientRequest } from "./bird-reader";
import { birdwatcherProtocols, birdwatcherRoute, birdwatcherStatus, envelope } from "./birdwatcher";
import {
  lgAccess,
  neighborOwners,
  readTableRoutes,
  lgRouteServer,
  lgRouteServers,
  prefixQuerySchema,
  protocolNameSchema,
  readNeighborRoutes,
  readPrefixRoutes,
  readProtocols,
  readStatus,
  visiblePrefixRoutes,
  type LgNeighborOwner,
  type LgViewer,
} from "./service";

/** The looking glass's HTTP side: JSON API (problem JSON errors) and the birdwatcher-compatible endpoints. */

export async function lgViewer(): Promise<LgViewer> {
  const user = await currentUser();
  if (!user) return { kind: "public" };
  if (hasRole(user.role, "volunteer")) return { kind: "volunteer" };
  return user.clientId === null ? { kind: "public" } : { kind: "member", clientId: user.clientId };
}

/** True when this client may ask once more this minute (pages pass `await headers()`). */
export async function clientAllowed(request: { headers: Headers }): Promise<boolean> {
  const address = clientAddressFrom(request.headers);
  return takeClientRequest(getDb(), address ? addressBucket(address) : "unknown", env().LG_CLIENT_REQUESTS_PER_MINUTE);
}

const notPublished = (what: string) => problem(403, `this IX does not publish ${what}; members see their own on the member portal`);

function lgProblem(error: unknown): Response {
  if (error instanceof RouteServerNotReachableError) return problem(503, error.message, { title: "Route server not reachable" });
  if (error instanceof RouteServerBusyError) return problem(503, error.message, {}, { "Retry-After": "2" });
  if (error instanceof BirdError) return problem(404, `BIRD: ${error.message}`);
  return problemFromError(error);
}

const json = (body: unknown) => Response.json(body, { headers: { "Cache-Control": "no-store" } });
const routeSetSchema = z.enum(["accepted", "filtered", "noexport"]).default("accepted");
const exactSchema = z.stringbool().default(false);

const ownerSummary = (owner: LgNeighborOwner | null) => (owner ? { clientId: owner.clientId, name: owner.name, asn: owner.asn } : null);

/** GET /api/lg/... : `endpoint` is the route file's name. */
export async function lgApi(request: Request, endpoint: "servers" | "protocols" | "routes" | "prefix" | "graph", routeServerName?: string): Promise<Response> {
  try {
    if (!(await clientAllowed(request))) return problem(429, "too many looking-glass requests from your address; wait a minute", {}, { "Retry-After": "60" });
    const db = getDb();
    const settings = env();
    const viewer = await lgViewer();
    const query = new URL(request.url).searchParams;
    const publicAccess = lgAccess(viewer, settings.LG_PUBLIC, null);
    if (endpoint === "servers") {
      if (!publicAccess.protocols) return notPublished("its looking glass");
      const servers = await lgRouteServers(db);
      return json({ routeServers: servers.map((rs) => ({ name: rs.name, asn: rs.asn, ipv4Address: rs.ipv4Address, ipv6Address: rs.ipv6Address })) });
    }
    const routeServer = await lgRouteServer(db, routeServerName ?? "");
    if (endpoint === "protocols") {
      if (!publicAccess.protocols) return notPublished("its looking glass");
      const { value, fetchedAt, fromCache } = await readProtocols(db, routeServer, settings);
      return json({ routeServer: routeServer.name, fetchedAt, fromCache, protocols: value.map((p) => ({ ...p, owner: ownerSummary(p.owner) })) });
    }
    if (endpoint === "routes") {
      const protocol = protocolNameSchema.parse(query.get("protocol") ?? "");
      const set = routeSetSchema.parse(query.get("set") ?? undefined);
      const access = lgAccess(viewer, settings.LG_PUBLIC, (await neighborOwners(db, routeServer, { protocol })).get(protocol)?.clientId ?? null);
      if (!(set === "filtered" ? access.filtered : access.accepted)) return notPublished(set === "filtered" ? "filtered routes" : "routes");
      const { value, owner, fetchedAt, fromCache } = await readNeighborRoutes(db, routeServer, settings, protocol, set, viewer);
      return json({ routeServer: routeServer.name, protocol, set, owner: ownerSummary(owner), fetchedAt, fromCache, routes: value });
    }
    const prefixText = query.get("prefix");
    if (endpoint === "prefix" || prefixText !== null) {
      if (!publicAccess.accepted && viewer.kind === "public") return notPublished("routes");
      const prefix = prefixQuerySchema.parse(prefixText ?? "");
      const exact = exactSchema.parse(query.get("exact") ?? undefined);
      // The graph draws accepted routes only: no need to ask BIRD for the filtered ones.
      const withFiltered = endpoint !== "graph" && (viewer.kind !== "public" || settings.LG_PUBLIC === "full");
      const result = await readPrefixRoutes(db, routeServer, settings, prefix, exact, withFiltered, viewer);
      const routes = visiblePrefixRoutes(result.value, viewer, settings.LG_PUBLIC);
      if (endpoint === "graph") return json({ routeServer: routeServer.name, prefix: prefix.text, graph: graphOf(routeServer, routes.filter((route) => !route.filtered), result.value.owners) });
      return json({ routeServer: routeServer.name, prefix: prefix.text, exact, fetchedAt: result.fetchedAt, fromCache: result.fromCache, routes });
    }
    const protocol = protocolNameSchema.parse(query.get("protocol") ?? "");
    if (!lgAccess(viewer, settings.LG_PUBLIC, (await neighborOwners(db, routeServer, { protocol })).get(protocol)?.clientId ?? null).accepted) return notPublished("routes");
    const { value, owner } = await readNeighborRoutes(db, routeServer, settings, protocol, "accepted", viewer);
    return json({ routeServer: routeServer.name, protocol, graph: graphOf(routeServer, value, owner ? new Map([[protocol, owner]]) : new Map()) });
  } catch (error) {
    return lgProblem(error);
  }
}

function graphOf(routeServer: { name: string; asn: number }, routes: { prefix: string; asPath: number[] }[], owners: ReadonlyMap<string, LgNeighborOwner>) {
  return asPathGraph(routeServer, routes, new Map([...owners.values()].map((owner) => [owner.asn, owner.name])));
}

const birdwatcherError = (message: string, status = 200) =>
  Response.json({ ...envelope(new Date(), false, 0), ttl: undefined, error: message }, { status, headers: { "Cache-Control": "no-store" } });

/**
 * GET /api/lg/<rs>/birdwatcher/<path>: status, protocols/bgp, protocols, routes/protocol|filtered|noexport/<id>,
 * routes/table/<master|master4|master6>[/filtered]. Anonymous like Alice-LG; filtered routes only when LG_PUBLIC=full.
 */
export async function birdwatcherApi(request: Request, routeServerName: string, path: string[]): Promise<Response> {
  try {
    if (!(await clientAllowed(request))) return new Response(null, { status: 429 });
    const db = getDb();
    const settings = env();
    const access = lgAccess({ kind: "public" }, settings.LG_PUBLIC, null);
    if (!access.protocols) return birdwatcherError("this IX does not publish its looking glass", 403);
    const routeServer = await lgRouteServer(db, routeServerName);
    const ttl = settings.LG_CACHE_SECONDS;
    const now = new Date();
    const [first, second, third, fourth] = path;
    if (path.length === 1 && first === "status") {
      const status = await readStatus(db, routeServer, settings);
      return json({ ...envelope(status.fetchedAt, status.fromCache, ttl), status: birdwatcherStatus(status.value) });
    }
    if ((path.length === 1 && first === "protocols") || (path.length === 2 && first === "protocols" && second === "bgp")) {
      const protocols = await readProtocols(db, routeServer, settings);
      return json({ ...envelope(protocols.fetchedAt, protocols.fromCache, ttl), protocols: birdwatcherProtocols(protocols.value) });
    }
    if (first === "routes" && path.length === 3 && (second === "protocol" || second === "filtered" || second === "noexport")) {
      const protocol = protocolNameSchema.safeParse(third);
      if (!protocol.success) return birdwatcherError("invalid protocol name");
      const set = second === "protocol" ? "accepted" : second;
      if (!(set === "filtered" ? access.filtered : access.accepted)) return json({ ...envelope(now, false, ttl), routes: [] });
      const routes = await readNeighborRoutes(db, routeServer, settings, protocol.data, set, { kind: "public" });
      return json({ ...envelope(routes.fetchedAt, routes.fromCache, ttl), routes: routes.value.map((route) => birdwatcherRoute(route, now)) });
    }
    if (first === "routes" && second === "table" && (path.length === 3 || (path.length === 4 && fourth === "filtered"))) {
      const tables: ("master4" | "master6")[] | null = third === "master" ? ["master4", "master6"] : third === "master4" || third === "master6" ? [third] : null;
      if (!tables) return birdwatcherError("unknown table (master, master4, master6)");
      const filtered = path.length === 4;
      if (!(filtered ? access.filtered : access.accepted)) return json({ ...envelope(now, false, ttl), routes: [] });
      const routes = [];
      let fetchedAt = now;
      let fromCache = true;
      for (const table of tables) {
        const answer = await readTableRoutes(db, routeServer, settings, table, filtered);
        fetchedAt = answer.fetchedAt;
        fromCache &&= answer.fromCache;
        routes.push(...answer.routes.map((route) => birdwatcherRoute(route, now)));
      }
      return json({ ...envelope(fetchedAt, fromCache, ttl), routes });
    }
    return birdwatcherError("unknown endpoint", 404);
  } catch (error) {
    if (error instanceof RouteServerNotReachableError || error instanceof RouteServerBusyError) return Response.json({ error: "bird unreachable" }, { status: 500 });
    if (error instanceof BirdError) return birdwatcherError(error.message);
    const response = lgProblem(error);
    return response.status === 404 ? birdwatcherError("unknown route server", 404) : response;
  }
}
