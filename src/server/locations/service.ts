import { and, eq, ne } from "drizzle-orm";
import { auditedChange, writeAudit } from "@/server/audit/log";
import { lockRow } from "@/server/db/lock-row";
import type { Database, Executor } from "@/server/db/client";
import { connections, locations, locationTunnelTypes } from "@/server/db/schema";
import { ConflictError, NotFoundError } from "@/server/errors";
import { TUNNEL_TYPE_LABELS, type TunnelType } from "@/shared/enums";
import { locationInputSchema, locationUpdateSchema, type LocationInput, type LocationUpdate } from "@/shared/validation/location";
import { getLocation } from "./queries";

async function checkRules(tx: Executor, data: LocationInput, id: number | null) {
  const [taken] = await tx
    .select({ id: locations.id })
    .from(locations)
    .where(id === null ? eq(locations.code, data.code) : and(eq(locations.code, data.code), ne(locations.id, id)));
  if (taken) throw new ConflictError(`a POP with the code ${data.code} already exists`);
  if (data.uplinkLocationId !== null) {
    if (data.uplinkLocationId === id) throw new ConflictError("a POP cannot be its own uplink");
    const [uplink] = await tx.select({ mode: locations.mode, code: locations.code }).from(locations).where(eq(locations.id, data.uplinkLocationId));
    if (!uplink) throw new NotFoundError("the uplink POP does not exist");
    if (uplink.mode !== "full") throw new ConflictError(`the uplink ${uplink.code} is a satellite itself; pick a full POP`);
  }
  if (id !== null) {
    // A type may only stop being offered once no connection uses it there.
    const inUse = await tx.selectDistinct({ type: connections.type }).from(connections).where(eq(connections.locationId, id));
    const dropped = inUse.map((r) => r.type).filter((type) => !(type in data.tunnelTypes));
    if (dropped.length) {
      throw new ConflictError(`members still connect here with ${dropped.map((t) => TUNNEL_TYPE_LABELS[t]).join(", ")}; keep offering it or move them first`);
    }
  }
}

async function replaceTunnelTypes(tx: Executor, locationId: number, offered: LocationInput["tunnelTypes"]) {
  await tx.delete(locationTunnelTypes).where(eq(locationTunnelTypes.locationId, locationId));
  const rows = Object.entries(offered).map(([type, params]) => ({ locationId, type: type as TunnelType, params: params as Record<string, unknown> }));
  if (rows.length) await tx.insert(locationTunnelTypes).values(rows);
}

/** Adds a POP with the tunnel types it offers; its tunnel-server config is marked for rollout. */
export async function createLocation(db: Database, actor: string, input: LocationInput) {
  const data = locationInputSchema.parse(input);
  return db.transaction(async (tx) => {
    await checkRules(tx, data, null);
    const { tunnelTypes, ...row } = data;
    const [created] = await tx.insert(locations).values({ ...row, configChangedAt: new Date() }).$returningId();
    if (!created) throw new Error("the POP was not created");
    await replaceTunnelTypes(tx, created.id, tunnelTypes);
    const after = await getLocation(tx, created.id);
    await writeAudit(tx, { actor, action: "location.create", entityType: "location", entityId: created.id, before: null, after });
    return after!;
  });
}

export async function updateLocation(db: Database, actor: string, input: LocationUpdate) {
  const data = locationUpdateSchema.parse(input);
  const { id, tunnelTypes, ...row } = data;
  return db.transaction(async (tx) => {
    if (!(await lockRow(tx, locations, id))) throw new NotFoundError("no such POP");
    return auditedChange(tx, { actor, action: "location.update", entityType: "location", entityId: id }, () => getLocation(tx, id), async () => {
      await checkRules(tx, data, id);
      await tx.update(locations).set({ ...row, configChangedAt: new Date() }).where(eq(locations.id, id));
      await replaceTunnelTypes(tx, id, tunnelTypes);
    });
  });
}
