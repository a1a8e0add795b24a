import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, clients, ips, irrPrefixSets, neverViaRouteServersAsns, peeringLans, routeServers } from "@/server/db/schema";
import type { Env } from "@/server/env";
import { liveMaintenanceWindows } from "@/server/maintenance/windows";
import { windowCoversRouteServer } from "@/server/maintenance/scope";
import { maxPrefixDefaultsFromEnv } from "./max-prefix";
import { renderOptionsSchema, type MemberSessionRow, type RenderInput, type RenderOptions } from "./model";

/** The columns rollout and status need to reach a route server. */
export const routeServerRecordColumns = {
  id: routeServers.id,
  name: routeServers.name,
  locationId: routeServers.locationId,
  lanId: routeServers.lanId,
  asn: routeServers.asn,
  routerId: routeServers.routerId,
  ipv4Address: routeServers.ipv4Address,
  ipv6Address: routeServers.ipv6Address,
  controlSocket: routeServers.controlSocket,
  sshHost: routeServers.sshHost,
  sshUser: routeServers.sshUser,
  active: routeServers.active,
  lastDeployedAt: routeServers.lastDeployedAt,
};

export async function listActiveRouteServers(db: Executor) {
  return db.select(routeServerRecordColumns).from(routeServers).where(eq(routeServers.active, true)).orderBy(asc(routeServers.name));
}
export type RouteServerRecord = Awaited<ReturnType<typeof listActiveRouteServers>>[number];

export async function findRouteServer(db: Executor, name: string): Promise<RouteServerRecord | undefined> {
  const [row] = await db.select(routeServerRecordColumns).from(routeServers).where(eq(routeServers.name, name));
  return row;
}

/** The IX-wide policy knobs from the environment; the LAN prefixes and the never-via list come from the database. */
export function renderOptionsFromEnv(env: Env, lanPrefixes: string[], neverViaRouteServers: number[] = []): RenderOptions {
  return renderOptionsSchema.parse({
    ipv4MinLength: env.RS_IPV4_MIN_LENGTH,
    ipv4MaxLength: env.RS_IPV4_MAX_LENGTH,
    ipv6MinLength: env.RS_IPV6_MIN_LENGTH,
    ipv6MaxLength: env.RS_IPV6_MAX_LENGTH,
    maxAsPathLength: env.RS_MAX_AS_PATH_LENGTH,
    ...maxPrefixDefaultsFromEnv(env),
    maxPrefixAction: env.RS_MAX_PREFIX_ACTION,
    receiveLimitFactor: env.RS_RECEIVE_LIMIT_FACTOR,
    nextHopPolicy: env.RS_NEXT_HOP_POLICY,
    irrMissing: env.RS_IRR_MISSING,
    allowPrivateAsns: env.ALLOW_PRIVATE_ASNS,
    rtrServer: env.RS_RTR_SERVER ?? null,
    lanPrefixes,
    blackholeMinLengthV4: env.RS_BLACKHOLE_MIN_LENGTH_V4,
    blackholeMinLengthV6: env.RS_BLACKHOLE_MIN_LENGTH_V6,
    blackholeNextHopV4: env.RS_BLACKHOLE_NEXT_HOP_V4 ?? null,
    blackholeNextHopV6: env.RS_BLACKHOLE_NEXT_HOP_V6 ?? null,
    targetBirdVersion: env.RS_TARGET_BIRD_VERSION,
    gracefulShutdownLeadMinutes: env.MAINTENANCE_GSHUT_LEAD_MINUTES,
    neverViaRouteServersAsns: env.RS_NEVER_VIA_ROUTE_SERVERS === "peeringdb" ? neverViaRouteServers : [],
  });
}

/** The member addresses a route server on this LAN has sessions with: provisioned, of an ASN that is a route-server client. */
export const routeServerClientAddressesOn = (lanId: number) => and(eq(ips.lanId, lanId), eq(ips.provisioned, true), eq(asns.rsClient, true));

/**
 * Everything the generator needs for one route server as of `now`: its LAN's provisioned RS-client addresses,
 * IRR lists and the maintenance windows that concern it.
 */
export async function loadRenderInput(
  db: Executor,
  routeServer: RouteServerRecord,
  options: (lanPrefixes: string[], neverViaRouteServers: number[]) => RenderOptions,
  now = new Date(),
): Promise<RenderInput> {
  const [lan] = await db.select({ ipv4Prefix: peeringLans.ipv4Prefix, ipv6Prefix: peeringLans.ipv6Prefix }).from(peeringLans).where(eq(peeringLans.id, routeServer.lanId));
  const rows = await db
    .select({
      ipId: ips.id,
      address: ips.address,
      family: ips.family,
      asnId: asns.id,
      asn: asns.asn,
      clientName: clients.name,
      asSet: asns.asSet,
      maxPrefixV4: asns.maxPrefixV4,
      maxPrefixV6: asns.maxPrefixV6,
      peeringdbPrefixesV4: asns.peeringdbPrefixesV4,
      peeringdbPrefixesV6: asns.peeringdbPrefixesV6,
      blackholeOptIn: asns.blackholeOptIn,
    })
    .from(ips)
    .innerJoin(asns, eq(asns.id, ips.asnId))
    .innerJoin(clients, eq(clients.id, asns.clientId))
    .where(routeServerClientAddressesOn(routeServer.lanId))
    .orderBy(asc(asns.asn), asc(ips.id));
  const irrRows = await db
    .select({ asnId: irrPrefixSets.asnId, family: irrPrefixSets.family, prefixes: irrPrefixSets.prefixes, originAsns: irrPrefixSets.originAsns })
    .from(irrPrefixSets)
    .orderBy(asc(irrPrefixSets.asnId), asc(irrPrefixSets.family));
  const irr = new Map(irrRows.map((row) => [`${row.asnId}:${row.family}`, row]));
  const originsByAsn = new Map<number, number[]>();
  for (const row of irrRows) {
    const origins = Array.isArray(row.originAsns) ? row.originAsns.filter((n): n is number => typeof n === "number") : [];
    originsByAsn.set(row.asnId, [...(originsByAsn.get(row.asnId) ?? []), ...origins]);
  }
  const addressesByAsn = new Map<number, string[]>();
  for (const row of rows) {
    const list = addressesByAsn.get(row.asnId) ?? [];
    list.push(row.address);
    addressesByAsn.set(row.asnId, list);
  }

  const members: MemberSessionRow[] = rows.map((row) => {
    const list = irr.get(`${row.asnId}:${row.family}`);
    return {
      ipId: row.ipId,
      address: row.address,
      family: row.family,
      asn: row.asn,
      clientName: row.clientName,
      asSet: row.asSet,
      maxPrefixV4: row.maxPrefixV4,
      maxPrefixV6: row.maxPrefixV6,
      peeringdbPrefixesV4: row.peeringdbPrefixesV4,
      peeringdbPrefixesV6: row.peeringdbPrefixesV6,
      blackholeOptIn: row.blackholeOptIn,
      asnAddresses: addressesByAsn.get(row.asnId) ?? [],
      irrPrefixes: list ? { json: list.prefixes } : null,
      irrOriginAsns: originsByAsn.get(row.asnId) ?? [],
    };
  });
  const lanPrefixes = [lan?.ipv4Prefix, lan?.ipv6Prefix].filter((p): p is string => !!p);
  const neverVia = await db.select({ asn: neverViaRouteServersAsns.asn }).from(neverViaRouteServersAsns).orderBy(asc(neverViaRouteServersAsns.asn));
  return {
    routeServer: { name: routeServer.name, asn: routeServer.asn, routerId: routeServer.routerId, ipv4Address: routeServer.ipv4Address, ipv6Address: routeServer.ipv6Address },
    members,
    options: options(lanPrefixes, neverVia.map((row) => row.asn)),
    maintenance: { now, windows: (await liveMaintenanceWindows(db, now)).filter((window) => windowCoversRouteServer(window, routeServer)) },
  };
}
