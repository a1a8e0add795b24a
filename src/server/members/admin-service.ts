import { eq } from "drizzle-orm";
import { auditedChange } from "@/server/audit/log";
import type { Database, Executor } from "@/server/db/client";
import { lockRow } from "@/server/db/lock-row";
import { clients } from "@/server/db/schema";
import { NotFoundError } from "@/server/errors";
import { clientProfileSchema, type ClientProfile } from "@/shared/validation/member";

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
