import { eq } from "drizzle-orm";
import { writeAudit } from "@/server/audit/log";
import type { Database, Executor } from "@/server/db/client";
import { ips } from "@/server/db/schema";
import { NotFoundError } from "@/server/errors";
import { markRouteServerConfigChanged } from "@/server/routeserver/config-changed";
import { ipFlagsSchema, type IpFlags } from "@/shared/validation/member";

const flagColumns = {
  id: ips.id,
  address: ips.address,
  lanId: ips.lanId,
  monitor: ips.monitor,
  provisioned: ips.provisioned,
  state: ips.state,
  deprovisionedAt: ips.deprovisionedAt,
};
type IpFlagRow = { [K in keyof typeof flagColumns]: (typeof ips.$inferSelect)[K] };

async function lockedIp(tx: Executor, ipId: number): Promise<IpFlagRow> {
  const [row] = await tx.select(flagColumns).from(ips).where(eq(ips.id, ipId)).for("update");
  if (!row) throw new NotFoundError("no such IP address");
  return row;
}

/** Reads, changes and audits one IP in a transaction; decide() sees the locked current row. */
async function changeIp(db: Database, actor: string, action: string, ipId: number, decide: (current: IpFlagRow) => Partial<typeof ips.$inferInsert>) {
  return db.transaction(async (tx) => {
    const before = await lockedIp(tx, ipId);
    await tx.update(ips).set(decide(before)).where(eq(ips.id, ipId));
    const after = await lockedIp(tx, ipId);
    // provisioned decides whether the route servers configure sessions for this address.
    if (after.provisioned !== before.provisioned) await markRouteServerConfigChanged(tx, [after.lanId]);
    await writeAudit(tx, { actor, action, entityType: "ip", entityId: before.address, before, after });
    return after;
  });
}

/** Sets monitor/provisioned as given. Turning provisioned off by hand records when, like automatic deprovisioning. */
export async function setIpFlags(db: Database, actor: string, input: IpFlags) {
  const data = ipFlagsSchema.parse(input);
  return changeIp(db, actor, "ip.flags", data.ipId, (current) => ({
    monitor: data.monitor,
    provisioned: data.provisioned,
    deprovisionedAt: data.provisioned ? null : (current.deprovisionedAt ?? new Date()),
  }));
}
