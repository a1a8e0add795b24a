import { eq } from "drizzle-orm";
import { auditedChange } from "@/server/audit/log";
import { hasRole } from "@/server/auth/roles";
import type { Database } from "@/server/db/client";
import { lockRow } from "@/server/db/lock-row";
import { connections, locations } from "@/server/db/schema";
import { NotFoundError } from "@/server/errors";
import { connectionAdminSchema, connectionMacsSchema, type ConnectionAdmin, type ConnectionMacs } from "@/shared/validation/member";
import { assertMayEdit, type MemberActor } from "./service";

const connectionColumns = {
  clientId: connections.clientId,
  locationId: connections.locationId,
  state: connections.state,
  macAddresses: connections.macAddresses,
  ifSpeedMbps: connections.ifSpeedMbps,
};

/**
 * MAC addresses (members, for their own connections) and the lifecycle state (volunteers) of a connection.
 * The POP's tunnel-server config is marked for rollout, since it filters on these MACs.
 */
export async function updateConnection(db: Database, actor: MemberActor, input: ConnectionMacs | ConnectionAdmin) {
  const data = hasRole(actor.role, "volunteer") && "state" in input ? connectionAdminSchema.parse(input) : connectionMacsSchema.parse(input);
  const { connectionId, ...changes } = data;
  return db.transaction(async (tx) => {
    if (!(await lockRow(tx, connections, connectionId))) throw new NotFoundError("no such connection");
    const read = async () => (await tx.select(connectionColumns).from(connections).where(eq(connections.id, connectionId)))[0] ?? null;
    return auditedChange(tx, { actor: actor.id, action: "connection.update", entityType: "connection", entityId: connectionId }, read, async (before) => {
      assertMayEdit(actor, before.clientId, "connection");
      await tx.update(connections).set(changes).where(eq(connections.id, connectionId));
      await tx.update(locations).set({ configChangedAt: new Date() }).where(eq(locations.id, before.locationId));
    });
  });
}
