import { eq } from "drizzle-orm";
import { auditedChange } from "@/server/audit/log";
import type { Database } from "@/server/db/client";
import { locations } from "@/server/db/schema";
import { NotFoundError } from "@/server/errors";

/**
 * The per-POP switch that turns "unregistered MAC" into a filter: the POP's desired state then locks each member
 * port to its registered MACs, and the tunnel server's next agent run applies it.
 */
export async function setEnforceRegisteredMacs(db: Database, actor: string, popCode: string, enforce: boolean) {
  return db.transaction(async (tx) => {
    const [pop] = await tx.select({ id: locations.id }).from(locations).where(eq(locations.code, popCode));
    if (!pop) throw new NotFoundError(`no POP has the code ${popCode}`);
    const read = async () => (await tx.select({ code: locations.code, enforceRegisteredMacs: locations.enforceRegisteredMacs }).from(locations).where(eq(locations.id, pop.id)))[0] ?? null;
    return auditedChange(tx, { actor, action: "location.enforce_registered_macs", entityType: "location", entityId: pop.id }, read, async () => {
      await tx.update(locations).set({ enforceRegisteredMacs: enforce, configChangedAt: new Date() }).where(eq(locations.id, pop.id));
    });
  });
}
