import { inArray } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { routeServers } from "@/server/db/schema";

/** Flags route servers for a config rollout: those on the given LANs, or all when no LAN is named. */
export async function markRouteServerConfigChanged(db: Executor, lanIds?: readonly number[], now = new Date()): Promise<void> {
  if (lanIds && lanIds.length === 0) return;
  await db
    .update(routeServers)
    .set({ configChangedAt: now })
    .where(lanIds ? inArray(routeServers.lanId, [...lanIds]) : undefined);
}

/** Flags these route servers for a config rollout (e.g. a maintenance window starts or ends). */
export async function markRouteServersChanged(db: Executor, routeServerIds: readonly number[], now = new Date()): Promise<void> {
  if (routeServerIds.length === 0) return;
  await db.update(routeServers).set({ configChangedAt: now }).where(inArray(routeServers.id, [...routeServerIds]));
}
