import { eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { auditLog, ips } from "@/server/db/schema";
import { DomainError } from "@/server/errors";
import { markRouteServerConfigChanged } from "@/server/jobs/context";
import type { ReenableIpInput } from "@/shared/validation/monitoring";

/**
 * The volunteer's one action: the IP is provisioned again (its sessions return to the route servers),
 * optionally with monitoring off so it is not deprovisioned again. Its address and tunnel never went away.
 */
export async function reenableIp(db: Database, input: ReenableIpInput, actor: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const [ip] = await tx
      .select({ id: ips.id, address: ips.address, provisioned: ips.provisioned, monitor: ips.monitor, state: ips.state, deprovisionedAt: ips.deprovisionedAt })
      .from(ips)
      .where(eq(ips.id, input.ipId))
      .for("update");
    if (!ip) throw new DomainError(`no IP with id ${input.ipId}`);
    if (ip.provisioned && ip.monitor === input.monitor) throw new DomainError(`${ip.address} is already provisioned`);
    const state = ip.state === "decommissioned" ? "production" : ip.state;
    await tx.update(ips).set({ provisioned: true, monitor: input.monitor, deprovisionedAt: null, state }).where(eq(ips.id, ip.id));
    await tx.insert(auditLog).values({
      actor,
      action: "ip.reenable",
      entityType: "ip",
      entityId: String(ip.id),
      before: { provisioned: ip.provisioned, monitor: ip.monitor, state: ip.state, deprovisionedAt: ip.deprovisionedAt?.toISOString() ?? null },
      after: { provisioned: true, monitor: input.monitor, state, deprovisionedAt: null },
    });
  });
  await markRouteServerConfigChanged(db, now)();
}
