import { desc, eq, gte } from "drizzle-orm";
import type { Database, Executor } from "@/server/db/client";
import { workerStatus } from "@/server/db/schema";
import type { ServiceStatus } from "./types";

/** A worker whose heartbeat is older than this is shown as gone. */
export const HEARTBEAT_STALE_MS = 60_000;
export const HEARTBEAT_INTERVAL_MS = 10_000;

export async function writeHeartbeat(
  db: Database,
  worker: { workerId: string; hostname: string; pid: number; startedAt: Date },
  services: Record<string, ServiceStatus>,
): Promise<void> {
  const now = new Date();
  await db
    .insert(workerStatus)
    .values({ ...worker, heartbeatAt: now, services })
    .onDuplicateKeyUpdate({ set: { heartbeatAt: now, services } });
}

export async function removeWorkerStatus(db: Database, workerId: string): Promise<void> {
  await db.delete(workerStatus).where(eq(workerStatus.workerId, workerId));
}

/** Workers seen in the last minute, newest heartbeat first. */
export async function liveWorkers(db: Executor, now = new Date()) {
  return db
    .select({
      workerId: workerStatus.workerId,
      hostname: workerStatus.hostname,
      pid: workerStatus.pid,
      startedAt: workerStatus.startedAt,
      heartbeatAt: workerStatus.heartbeatAt,
      services: workerStatus.services,
    })
    .from(workerStatus)
    .where(gte(workerStatus.heartbeatAt, new Date(now.getTime() - HEARTBEAT_STALE_MS)))
    .orderBy(desc(workerStatus.heartbeatAt));
}
