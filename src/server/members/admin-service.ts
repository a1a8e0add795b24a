import { eq } from "drizzle-orm";
import { auditedChange } from "@/server/audit/log";
import type { Database, Executor } from "@/server/db/client";
import { lockRow } from "@/server/db/lock-row";
import { clients, connections, locations } from "@/server/db/schema";
import { NotFoundError } from "@/server/errors";
import { clientProfileSchema, connectionAdminSchema, type ClientProfile, type ConnectionAdmin } from "@/shared/validation/member";

const profileColumns = {
  name: clients.name,
  peeringPolicy: clients.peeringPolicy,
  memberType: clients.memberType,
  state: clients.state,
  notes: clients.notes,
};

/** Volunteer-only facts about a member (notes never reach the portal or the member API). */
export async function getClientProfile(db: Executor, clientId: number) {
  const [row] = await db.select(profileColumns).from(clients).where(eq(clients.id, clientId));
  return row ?? null;
}

/** Name, policy, type, lifecycle state and notes of a member (volunteers). */
export async function updateClientProfile(db: Database, actor: string, input: ClientProfile) {
  const { clientId, ...changes } = clientProfileSchema.parse(input);
  return db.transaction(async (tx) => {
    if (!(await lockRow(tx, clients, clientId))) throw new NotFoundError("no such member");
    return auditedChange(tx, { actor, action: "client.profile", entityType: "client", entityId: clientId }, () => getClientProfile(tx, clientId), async () => {
      await tx.update(clients).set(changes).where(eq(clients.id, clientId));
    });
  });
}

const connectionColumns = { locationId: connections.locationId, state: connections.state, macAddresses: connections.macAddresses };

/** State and MAC addresses of a connection; the POP's tunnel-server config is marked for rollout. */
export async function updateConnection(db: Database, actor: string, input: ConnectionAdmin) {
  const { connectionId, ...changes } = connectionAdminSchema.parse(input);
  return db.transaction(async (tx) => {
    if (!(await lockRow(tx, connections, connectionId))) throw new NotFoundError("no such connection");
    const read = async () => (await tx.select(connectionColumns).from(connections).where(eq(connections.id, connectionId)))[0] ?? null;
    return auditedChange(tx, { actor, action: "connection.update", entityType: "connection", entityId: connectionId }, read, async (before) => {
      await tx.update(connections).set(changes).where(eq(connections.id, connectionId));
      await tx.update(locations).set({ configChangedAt: new Date() }).where(eq(locations.id, before.locationId));
    });
  });
}
