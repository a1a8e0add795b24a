import { and, eq, type SQL } from "drizzle-orm";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import type { Database, Executor } from "@/server/db/client";
import { DIRECTORY_MAX_AGE_MS, DIRECTORY_SOURCES } from "@/server/directory/peer-index";
import { versionedCache } from "@/server/db/versioned-cache";
import { asns, clients, ips } from "@/server/db/schema";
import type { Env } from "@/server/env";
import { NotFoundError } from "@/server/errors";
import { BirdError, type BirdLine } from "@/server/routeserver/bird-client";
import { protocolName } from "@/server/routeserver/bird-syntax";
import { parseShowProtocolsAll } from "@/server/routeserver/bird-status";
import { rejectReasonInWords, rejectReasonOf } from "@/server/routeserver/filter-reasons";
import type { RejectReason } from "@/server/routeserver/policy";
import { findRouteServer, listActiveRouteServers, type RouteServerRecord } from "@/server/routeserver/queries";
import { isIpAddressOrPrefix } from "@/shared/validation/ip";
import { readBird, RouteServerBusyError, RouteServerNotReachableError, type ReaderSettings } from "./bird-reader";
import { parseShowRouteAll, type LgRoute } from "./route-parser";

/** Who is looking: anyone, a member (their own sessions in full), or a volunteer (everything). */
export type LgViewer = { kind: "public" } | { kind: "member"; clientId: number } | { kind: "volunteer" };

export type PublishLevel = Env["LG_PUBLIC"];

export interface LgAccess {
  protocols: boolean;
  accepted: boolean;
  filtered: boolean;
}

/** What `viewer` may see of a session owned by `ownerClientId` (null: a protocol that is no member's). */
export function lgAccess(viewer: LgViewer, publish: PublishLevel, ownerClientId: number | null): LgAccess {
  if (viewer.kind === "volunteer" || (viewer.kind === "member" && ownerClientId !== null && viewer.clientId === ownerClientId)) {
    return { protocols: true, accepted: true, filtered: true };
  }
  return { protocols: publish !== "off", accepted: publish === "accepted" || publish === "full", filtered: publish === "full" };
}

export const readerSettings = (db: Database, env: Env): ReaderSettings => ({
  db,
  queriesPerSecond: env.LG_BIRD_QUERIES_PER_SECOND,
  cacheSeconds: env.LG_CACHE_SECONDS,
  timeoutMs: env.LG_TIMEOUT_MS,
});

/** The member behind a route-server session. */
export interface LgNeighborOwner {
  clientId: number;
  name: string;
  asn: number;
  asSet: string | null;
  address: string;
}

function ownerRows(db: Executor, where: SQL | undefined) {
  return db
    .select({ lanId: ips.lanId, ipId: ips.id, family: ips.family, address: ips.address, asn: asns.asn, asSet: asns.asSet, clientId: clients.id, name: clients.name })
    .from(ips)
    .innerJoin(asns, eq(ips.asnId, asns.id))
    .innerJoin(clients, eq(asns.clientId, clients.id))
    .where(where);
}
type OwnerRow = Awaited<ReturnType<typeof ownerRows>>[number];
const ownerEntry = (row: OwnerRow): [string, LgNeighborOwner] => [
  protocolName(row.asn, row.family, row.ipId),
  { clientId: row.clientId, name: row.name, asn: row.asn, asSet: row.asSet, address: row.address },
];

const NO_OWNERS: ReadonlyMap<string, LgNeighborOwner> = new Map();

/** Every LAN's owners by LAN, kept until the directory changes: a route server with thousands of sessions costs no LAN read per page. */
const ownersByLan = versionedCache({
  sources: DIRECTORY_SOURCES,
  maxAgeMs: DIRECTORY_MAX_AGE_MS,
  build: async (db) => {
    const byLan = new Map<number, Map<string, LgNeighborOwner>>();
    for (const row of await ownerRows(db, undefined)) {
      let owners = byLan.get(row.lanId);
      if (!owners) byLan.set(row.lanId, (owners = new Map()));
      owners.set(...ownerEntry(row));
    }
    return byLan;
  },
});

/** Session protocol name -> member, for every address on the route server's LAN (a shared map: do not change it). */
export async function neighborOwners(db: Database, routeServer: RouteServerRecord, only: { clientId?: number; protocol?: string } = {}): Promise<ReadonlyMap<string, LgNeighborOwner>> {
  if (only.clientId === undefined && only.protocol === undefined) return (await ownersByLan(db)).get(routeServer.lanId) ?? NO_OWNERS;
  // Narrowed where a caller needs one member or one session: a member's portal must not read the whole LAN.
  const ipId = only.protocol === undefined ? undefined : Number(/_(\d+)$/.exec(only.protocol)?.[1] ?? -1);
  const rows = await ownerRows(db, and(eq(ips.lanId, routeServer.lanId), only.clientId === undefined ? undefined : eq(clients.id, only.clientId), ipId === undefined ? undefined : eq(ips.id, ipId)));
  return new Map(rows.map(ownerEntry));
}

export interface LgProtocol {
  name: string;
  state: string;
  bgpState: string | null;
  since: Date | null;
  neighborAddress: string | null;
  neighborAs: number | null;
  lastError: string | null;
  routes: { imported: number; filtered: number; exported: number };
  owner: LgNeighborOwner | null;
}

export interface LgRouteView extends LgRoute {
  filtered: boolean;
  rejectReason: RejectReason | null;
  /** The reason in words, addressed to the member when they are the one looking. */
  rejectReasonText: string | null;
}

export type LgState<T> =
  | { reachable: true; value: T; fetchedAt: Date; fromCache: boolean }
  | { reachable: false; message: string; busy: boolean };

/** Turns "not reachable" and "busy" into a state a page shows; BIRD's own errors and bugs still throw. */
export async function lgState<T>(read: () => Promise<{ value: T; fetchedAt: Date; fromCache: boolean }>): Promise<LgState<T>> {
  try {
    return { reachable: true, ...(await read()) };
  } catch (error) {
    if (error instanceof RouteServerNotReachableError) return { reachable: false, message: error.message, busy: false };
    if (error instanceof RouteServerBusyError) return { reachable: false, message: error.message, busy: true };
    throw error;
  }
}

export async function lgRouteServer(db: Database, name: string): Promise<RouteServerRecord> {
  const routeServer = await findRouteServer(db, name);
  if (!routeServer?.active) throw new NotFoundError(`no route server named ${name}`);
  return routeServer;
}

export const lgRouteServers = (db: Database) => listActiveRouteServers(db);

/** The sessions made of one BIRD answer with one owners map: reused while both are (the answer is cached LG_CACHE_SECONDS). */
const protocolLists = new WeakMap<readonly BirdLine[], { owners: ReadonlyMap<string, LgNeighborOwner>; value: readonly LgProtocol[] }>();

/** The BGP sessions of one route server with their counts (a shared list: do not change it). */
export async function readProtocols(db: Database, routeServer: RouteServerRecord, env: Env) {
  const answer = await readBird(routeServer, "show protocols all", readerSettings(db, env));
  const owners = await neighborOwners(db, routeServer);
  const made = protocolLists.get(answer.lines);
  if (made?.owners === owners) return { value: made.value, fetchedAt: answer.fetchedAt, fromCache: answer.fromCache };
  const value: LgProtocol[] = parseShowProtocolsAll(answer.lines)
    .filter((protocol) => protocol.proto === "BGP")
    .map((protocol) => ({
      name: protocol.name,
      state: protocol.state,
      bgpState: protocol.bgpState,
      since: protocol.since,
      neighborAddress: protocol.neighborAddress,
      neighborAs: protocol.neighborAs,
      lastError: protocol.lastError,
      routes: protocol.routes ?? { imported: 0, filtered: 0, exported: 0 },
      owner: owners.get(protocol.name) ?? null,
    }));
  protocolLists.set(answer.lines, { owners, value });
  return { value, fetchedAt: answer.fetchedAt, fromCache: answer.fromCache };
}

/** Session names are ours (AS<asn>_<family>_<id>) or the operator's; anything else never reaches BIRD. */
export const protocolNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "must be a route-server session name such as AS64500_4_12");

/** A prefix or address to look up, canonical; the family picks the table. */
export const prefixQuerySchema = z
  .string()
  .trim()
  .max(64)
  .refine(isIpAddressOrPrefix, "must be an IP address or prefix, e.g. 203.0.113.0/24")
  .transform((text) => {
    const [address, length] = text.includes("/") ? ipaddr.parseCIDR(text) : [ipaddr.parse(text), null];
    const family = address.kind() === "ipv6" ? 6 : 4;
    const canonical = length === null ? address.toString() : `${(family === 6 ? ipaddr.IPv6 : ipaddr.IPv4).networkAddressFromCIDR(`${address.toString()}/${length}`).toString()}/${length}`;
    return { text: canonical, family: family as 4 | 6, isPrefix: length !== null };
  });
export type PrefixQuery = z.output<typeof prefixQuerySchema>;

/** BIRD answers "8001 Network not found" when a lookup matches nothing: that is an empty list, not an error. */
async function readRoutes(routeServer: RouteServerRecord, command: string, settings: ReaderSettings) {
  try {
    const answer = await readBird(routeServer, command, settings);
    return { routes: parseShowRouteAll(answer.lines), fetchedAt: answer.fetchedAt, fromCache: answer.fromCache };
  } catch (error) {
    if (error instanceof BirdError && error.code === 8001) return { routes: [], fetchedAt: new Date(), fromCache: false };
    throw error;
  }
}

export type RouteSet = "accepted" | "filtered" | "noexport";

function decorate(routes: LgRoute[], filtered: boolean, routeServer: RouteServerRecord, owner: LgNeighborOwner | null, viewer: LgViewer): LgRouteView[] {
  return routes.map((route) => {
    const rejectReason = filtered ? rejectReasonOf(route.largeCommunities, routeServer.asn) : null;
    const addressed = viewer.kind === "member" && owner?.clientId === viewer.clientId ? owner : undefined;
    return { ...route, filtered, rejectReason, rejectReasonText: filtered ? rejectReasonInWords(rejectReason, addressed) : null };
  });
}

const ROUTE_COMMANDS: Record<RouteSet, (protocol: string) => string> = {
  accepted: (protocol) => `show route all protocol ${protocol}`,
  filtered: (protocol) => `show route all filtered protocol ${protocol}`,
  noexport: (protocol) => `show route all noexport ${protocol}`,
};

/** One session's routes: accepted (imported), filtered (rejected by the import policy, with reasons) or not exported to it. */
export async function readNeighborRoutes(db: Database, routeServer: RouteServerRecord, env: Env, protocol: string, set: RouteSet, viewer: LgViewer) {
  const name = protocolNameSchema.parse(protocol);
  const owner = (await neighborOwners(db, routeServer, { protocol: name })).get(name) ?? null;
  const answer = await readRoutes(routeServer, ROUTE_COMMANDS[set](name), readerSettings(db, env));
  return { value: decorate(answer.routes, set === "filtered", routeServer, owner, viewer), owner, fetchedAt: answer.fetchedAt, fromCache: answer.fromCache };
}

/**
 * The routes the route server holds for a prefix: `exact` only that prefix, otherwise the longest match
 * (`show route for`). With `withFiltered` the rejected ones are added, each with its reason.
 */
export async function readPrefixRoutes(db: Database, routeServer: RouteServerRecord, env: Env, query: PrefixQuery, exact: boolean, withFiltered: boolean, viewer: LgViewer) {
  const table = `master${query.family}`;
  const target = exact && query.isPrefix ? query.text : `for ${query.text}`;
  const settings = readerSettings(db, env);
  const accepted = await readRoutes(routeServer, `show route ${target} table ${table} all`, settings);
  const owners = await neighborOwners(db, routeServer);
  const value = accepted.routes.flatMap((route) => decorate([route], false, routeServer, owners.get(route.fromProtocol) ?? null, viewer));
  if (withFiltered) {
    const filtered = await readRoutes(routeServer, `show route ${target} table ${table} filtered all`, settings);
    value.push(...filtered.routes.flatMap((route) => decorate([route], true, routeServer, owners.get(route.fromProtocol) ?? null, viewer)));
  }
  return { value: { routes: value, owners }, fetchedAt: accepted.fetchedAt, fromCache: accepted.fromCache };
}

/** The routes of a prefix lookup `viewer` may see: filtered ones only of sessions they may see them for, accepted ones as published. */
export function visiblePrefixRoutes(lookup: { routes: LgRouteView[]; owners: ReadonlyMap<string, LgNeighborOwner> }, viewer: LgViewer, publish: PublishLevel): LgRouteView[] {
  return lookup.routes.filter((route) => {
    const access = lgAccess(viewer, publish, lookup.owners.get(route.fromProtocol)?.clientId ?? null);
    return route.filtered ? access.filtered : access.accepted;
  });
}

/** A whole table (master4 / master6), accepted or filtered: the birdwatcher dump Alice's prefix lookup reads. */
export async function readTableRoutes(db: Database, routeServer: RouteServerRecord, env: Env, table: "master4" | "master6", filtered: boolean) {
  return readRoutes(routeServer, `show route table ${table}${filtered ? " filtered" : ""} all`, readerSettings(db, env));
}

/** `show status`: BIRD's version, router id and times, for the birdwatcher /status endpoint. */
export async function readStatus(db: Database, routeServer: RouteServerRecord, env: Env) {
  const answer = await readBird(routeServer, "show status", readerSettings(db, env));
  return { value: answer.lines.map((line) => line.text), fetchedAt: answer.fetchedAt, fromCache: answer.fromCache };
}

export interface MemberFilteredRoute {
  routeServer: string;
  protocol: string;
  prefix: string;
  asPath: number[];
  reason: RejectReason | null;
  reasonText: string;
}

export interface MemberFilteredRoutes {
  routes: MemberFilteredRoute[];
  /** Route servers that could not be asked, with why. */
  unreachable: { routeServer: string; message: string }[];
}

/**
 * The routes of one member that the route servers rejected, each with its reason in words addressed to the
 * member ("not in your IRR set AS-EXAMPLE"). Used by the member portal and the diagnostics page.
 */
export async function memberFilteredRoutes(db: Database, env: Env, clientId: number): Promise<MemberFilteredRoutes> {
  const result: MemberFilteredRoutes = { routes: [], unreachable: [] };
  const viewer: LgViewer = { kind: "member", clientId };
  for (const routeServer of await lgRouteServers(db)) {
    const protocols = [...(await neighborOwners(db, routeServer, { clientId })).keys()];
    for (const protocol of protocols) {
      const state = await lgState(async () => readNeighborRoutes(db, routeServer, env, protocol, "filtered", viewer)).catch((error: unknown) => {
        // A session not (yet) on the route server: BIRD answers "No such protocol"; nothing is filtered there.
        if (error instanceof BirdError && error.code !== undefined) return null;
        throw error;
      });
      if (state === null) continue;
      if (!state.reachable) {
        // One wait for the timeout per route server is enough.
        result.unreachable.push({ routeServer: routeServer.name, message: state.message });
        break;
      }
      for (const route of state.value) {
        result.routes.push({ routeServer: routeServer.name, protocol, prefix: route.prefix, asPath: route.asPath, reason: route.rejectReason, reasonText: route.rejectReasonText! });
      }
    }
  }
  return result;
}
