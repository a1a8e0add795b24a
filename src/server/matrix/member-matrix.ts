import { eq, inArray } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, clients, connections, ipRouteServerSessions, ips, locations, routeServers } from "@/server/db/schema";
import type { BgpSessionState } from "@/shared/enums";
import { loadMeshMatrix, type MeshCell, type MeshMatrix } from "./mesh-matrix";
import { utcSecond } from "@/shared/utc";

/**
 * Member to route server and member to member. The IX has no presence on members' routers, so reachability
 * between two members is composed from what it does measure: each address answering the per-second ping
 * monitor, and every mesh link on the path between their POPs (a satellite reaches others through its hub).
 */

export interface MemberEndpoint {
  ipId: number;
  address: string;
  family: number;
  asn: number;
  clientId: number;
  clientName: string;
  pop: string | null;
  pingable: boolean | null;
  pingDownSince: Date | null;
}

export interface Reach {
  /** null: not known yet (never probed, no mesh data). */
  ok: boolean | null;
  why: string;
}

export interface SessionCell {
  state: BgpSessionState;
  since: Date | null;
}

export interface MemberMatrix {
  routeServers: { id: number; name: string }[];
  members: (MemberEndpoint & { sessions: Record<number, SessionCell | undefined> })[];
  pairs: { from: MemberEndpoint; to: MemberEndpoint; reach: Reach }[];
}

/** The default number of member pairs a volunteer's view samples per round (page load, CLI call). */
export const SAMPLED_PAIRS = 20;

async function loadEndpoints(db: Executor): Promise<MemberEndpoint[]> {
  return db
    .select({
      ipId: ips.id,
      address: ips.address,
      family: ips.family,
      asn: asns.asn,
      clientId: clients.id,
      clientName: clients.name,
      pop: locations.code,
      pingable: ips.pingable,
      pingDownSince: ips.pingDownSince,
    })
    .from(ips)
    .innerJoin(asns, eq(asns.id, ips.asnId))
    .innerJoin(clients, eq(clients.id, asns.clientId))
    .leftJoin(connections, eq(connections.id, ips.connectionId))
    .leftJoin(locations, eq(locations.id, connections.locationId))
    .where(eq(ips.provisioned, true))
    .orderBy(asns.asn, ips.family, ips.address);
}

/** The mesh hops between two POPs: direct when the mesh has that link, else through a satellite's hub. */
export function meshPath(mesh: MeshMatrix, hubs: ReadonlyMap<string, string>, from: string, to: string): MeshCell[] | null {
  if (from === to) return [];
  const cell = (a: string, b: string) => mesh.rows[mesh.pops.findIndex((p) => p.code === a)]?.[mesh.pops.findIndex((p) => p.code === b)] ?? null;
  const direct = cell(from, to);
  if (direct && direct.health !== "no-link") return [direct];
  const fromHub = hubs.get(from);
  if (fromHub) {
    const rest = meshPath(mesh, hubs, fromHub, to);
    const first = cell(from, fromHub);
    return rest && first ? [first, ...rest] : null;
  }
  const toHub = hubs.get(to);
  if (toHub) {
    const head = meshPath(mesh, hubs, from, toHub);
    const last = cell(toHub, to);
    return head && last ? [...head, last] : null;
  }
  return null;
}

const since = (date: Date | null) => (date ? ` since ${utcSecond(date)}` : "");

export function memberReach(from: MemberEndpoint, to: MemberEndpoint, mesh: MeshMatrix, hubs: ReadonlyMap<string, string>): Reach {
  for (const end of [from, to]) {
    if (end.pingable === false) return { ok: false, why: `${end.address} (AS${end.asn}) does not answer pings${since(end.pingDownSince)}` };
  }
  if (!from.pop || !to.pop) return { ok: null, why: "not known: an address without a connection at a POP" };
  const path = meshPath(mesh, hubs, from.pop, to.pop);
  if (!path) return { ok: false, why: `no mesh path from ${from.pop} to ${to.pop}` };
  const broken = path.find((hop) => hop.health === "down");
  if (broken) return { ok: false, why: `mesh link ${broken.from} -> ${broken.to} is down${since(broken.since)}` };
  const unknownHop = path.find((hop) => hop.health === "no-data");
  if (unknownHop) return { ok: null, why: `not known: no probe data for mesh link ${unknownHop.from} -> ${unknownHop.to}` };
  if (from.pingable === null || to.pingable === null) return { ok: null, why: "not known: not pinged yet" };
  return { ok: true, why: path.length ? `over ${path.map((hop) => `${hop.from} -> ${hop.to}`).join(", ")}` : `both at ${from.pop}` };
}

/** Up to `count` distinct random pairs of different members on the same address family. */
export function samplePairs<T extends { clientId: number; family: number }>(endpoints: readonly T[], count: number, random: () => number = Math.random): [T, T][] {
  const all: [T, T][] = [];
  for (const a of endpoints) for (const b of endpoints) if (a.clientId !== b.clientId && a.family === b.family) all.push([a, b]);
  // Partial Fisher-Yates: the first `count` places get a uniform sample.
  for (let i = 0; i < Math.min(count, all.length); i++) {
    const j = i + Math.floor(random() * (all.length - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, count);
}

/**
 * The member matrix. With `clientId`: that member's row (its addresses to every other member and to the
 * route servers). Without: every member to the route servers and `pairs` sampled member pairs.
 */
export async function loadMemberMatrix(db: Executor, options: { clientId?: number; pairs?: number; random?: () => number; now?: Date } = {}): Promise<MemberMatrix> {
  const [endpoints, mesh, rsRows, hubRows] = await Promise.all([
    loadEndpoints(db),
    loadMeshMatrix(db, options.now),
    db.select({ id: routeServers.id, name: routeServers.name }).from(routeServers).where(eq(routeServers.active, true)).orderBy(routeServers.name),
    db.select({ code: locations.code, uplink: locations.uplinkLocationId, id: locations.id }).from(locations),
  ]);
  const codeOf = new Map(hubRows.map((row) => [row.id, row.code]));
  const hubs = new Map(hubRows.filter((row) => row.uplink !== null).map((row) => [row.code, codeOf.get(row.uplink!)!]));
  const shown = options.clientId === undefined ? endpoints : endpoints.filter((end) => end.clientId === options.clientId);
  const sessions = shown.length
    ? await db
        .select({ ipId: ipRouteServerSessions.ipId, routeServerId: ipRouteServerSessions.routeServerId, state: ipRouteServerSessions.state, since: ipRouteServerSessions.since })
        .from(ipRouteServerSessions)
        .where(inArray(ipRouteServerSessions.ipId, shown.map((end) => end.ipId)))
    : [];
  const members = shown.map((end) => ({
    ...end,
    sessions: Object.fromEntries(sessions.filter((s) => s.ipId === end.ipId).map((s) => [s.routeServerId, { state: s.state, since: s.since }])),
  }));
  const pairs =
    options.clientId === undefined
      ? samplePairs(endpoints, options.pairs ?? SAMPLED_PAIRS, options.random)
      : shown.flatMap((own) => endpoints.filter((other) => other.clientId !== own.clientId && other.family === own.family).map((other): [MemberEndpoint, MemberEndpoint] => [own, other]));
  return { routeServers: rsRows, members, pairs: pairs.map(([from, to]) => ({ from, to, reach: memberReach(from, to, mesh, hubs) })) };
}

/** A reach in words, the same on the pages and in the CLI. */
export function describeReach(reach: Reach): string {
  return `${reach.ok === true ? "reachable" : reach.ok === false ? "UNREACHABLE" : "unknown"}: ${reach.why}`;
}

/** A route-server session in words. */
export function describeSession(cell: SessionCell | undefined): string {
  if (!cell || cell.state === "unknown") return "not known yet";
  return `${cell.state === "up" ? "established" : "DOWN"}${since(cell.since)}`;
}
