import { and, asc, eq, ne } from "drizzle-orm";
import { auditedChange, writeAudit } from "@/server/audit/log";
import { lockRow } from "@/server/db/lock-row";
import type { Database, Executor } from "@/server/db/client";
import { locations, peeringLans, routeServers } from "@/server/db/schema";
import { ConflictError, NotFoundError } from "@/server/errors";
import { addressInPrefix } from "@/shared/validation/ip";
import { markRouteServersChanged } from "./config-changed";
import { routeServerRecordColumns } from "./queries";
import { routeServerInputSchema, routeServerUpdateSchema, type RouteServerInput, type RouteServerUpdate } from "@/shared/validation/route-server";

/** What the admin pages show: the columns the rollout uses, plus where the route server sits. */
const routeServerColumns = {
  ...routeServerRecordColumns,
  locationId: routeServers.locationId,
  locationCode: locations.code,
  lanName: peeringLans.name,
  configChangedAt: routeServers.configChangedAt,
};

function selectRouteServers(db: Executor) {
  return db
    .select(routeServerColumns)
    .from(routeServers)
    .innerJoin(locations, eq(locations.id, routeServers.locationId))
    .innerJoin(peeringLans, eq(peeringLans.id, routeServers.lanId));
}

export async function listRouteServers(db: Executor) {
  return selectRouteServers(db).orderBy(asc(routeServers.name));
}

export async function getRouteServer(db: Executor, id: number) {
  const [row] = await selectRouteServers(db).where(eq(routeServers.id, id));
  return row ?? null;
}

async function checkRules(tx: Executor, data: RouteServerInput, id: number | null) {
  const [taken] = await tx
    .select({ id: routeServers.id })
    .from(routeServers)
    .where(id === null ? eq(routeServers.name, data.name) : and(eq(routeServers.name, data.name), ne(routeServers.id, id)));
  if (taken) throw new ConflictError(`a route server named ${data.name} already exists`);
  const [location] = await tx.select({ id: locations.id }).from(locations).where(eq(locations.id, data.locationId));
  if (!location) throw new NotFoundError("the POP does not exist");
  const [lan] = await tx.select({ name: peeringLans.name, ipv4Prefix: peeringLans.ipv4Prefix, ipv6Prefix: peeringLans.ipv6Prefix }).from(peeringLans).where(eq(peeringLans.id, data.lanId));
  if (!lan) throw new NotFoundError("the peering LAN does not exist");
  for (const [address, prefix] of [
    [data.ipv4Address, lan.ipv4Prefix],
    [data.ipv6Address, lan.ipv6Prefix],
  ] as const) {
    if (address && (!prefix || !addressInPrefix(address, prefix))) {
      throw new ConflictError(`${address} is not inside the peering LAN ${lan.name} (${prefix ?? "no prefix of that family"})`);
    }
  }
}

export async function createRouteServer(db: Database, actor: string, input: RouteServerInput) {
  const data = routeServerInputSchema.parse(input);
  return db.transaction(async (tx) => {
    await checkRules(tx, data, null);
    const [created] = await tx.insert(routeServers).values({ ...data, configChangedAt: new Date() }).$returningId();
    if (!created) throw new Error("the route server was not created");
    const after = await getRouteServer(tx, created.id);
    await writeAudit(tx, { actor, action: "routeserver.create", entityType: "routeserver", entityId: created.id, before: null, after });
    return after!;
  });
}

export async function updateRouteServer(db: Database, actor: string, input: RouteServerUpdate) {
  const { id, ...changes } = routeServerUpdateSchema.parse(input);
  return db.transaction(async (tx) => {
    if (!(await lockRow(tx, routeServers, id))) throw new NotFoundError("no such route server");
    const meta = { actor, action: "routeserver.update", entityType: "routeserver", entityId: id };
    return auditedChange(tx, meta, () => getRouteServer(tx, id), async () => {
      await checkRules(tx, changes, id);
      await tx.update(routeServers).set({ ...changes, configChangedAt: new Date() }).where(eq(routeServers.id, id));
    });
  });
}

/** Flags one route server for the config-rollout job (render, `bird -p`, reload), as an edit would; audited. */
export async function requestRouteServerRollout(db: Database, actor: string, id: number) {
  return db.transaction(async (tx) => {
    if (!(await lockRow(tx, routeServers, id))) throw new NotFoundError("no such route server");
    const now = new Date();
    await markRouteServersChanged(tx, [id], now);
    await writeAudit(tx, { actor, action: "routeserver.rollout", entityType: "routeserver", entityId: id, before: null, after: { configChangedAt: now } });
    return { id, configChangedAt: now };
  });
}
