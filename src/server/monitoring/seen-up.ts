import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { auditLog, ips } from "@/server/db/schema";

/**
 * The re-enable rule (as the reference IX does it): an unmonitored IP that is seen up again, by ping
 * or by a route-server session, gets `monitor` switched back on. Returns how many changed.
 * Call it inside the transaction that records the up event.
 */
export async function switchMonitorBackOn(tx: Executor, ipIds: number[], seenBy: "ping" | "bgp", actor: string): Promise<number> {
  if (ipIds.length === 0) return 0;
  const unmonitored = await tx
    .select({ id: ips.id })
    .from(ips)
    .where(and(inArray(ips.id, ipIds), eq(ips.monitor, false)));
  if (unmonitored.length === 0) return 0;
  const ids = unmonitored.map((row) => row.id);
  await tx.update(ips).set({ monitor: true }).where(inArray(ips.id, ids));
  await tx.insert(auditLog).values(
    ids.map((id) => ({
      actor,
      action: "ip.monitor_on",
      entityType: "ip",
      entityId: String(id),
      before: { monitor: false },
      after: { monitor: true, reason: seenBy === "ping" ? "answered pings again" : "route-server session up again" },
    })),
  );
  return ids.length;
}
