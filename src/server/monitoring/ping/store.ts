import { inArray, sql } from "drizzle-orm";
import type { Database, Executor } from "@/server/db/client";
import { ips, pingEvents, pingRollups } from "@/server/db/schema";
import { switchMonitorBackOn } from "../seen-up";
import type { PingTarget, Rollup, StateChange } from "./tracker";

const BATCH = 1_000;

function chunks<T>(items: T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every member IP is a target, whatever its flags: a deprovisioned IP that answers again is what re-enables it. */
export async function loadPingTargets(db: Executor): Promise<PingTarget[]> {
  return db.select({ ipId: ips.id, address: ips.address, pingable: ips.pingable }).from(ips).orderBy(ips.id);
}

/** Groups changes that set the same columns to the same values, so one UPDATE covers each group. */
function updateGroups(changes: StateChange[]) {
  const groups = new Map<string, { change: StateChange; ids: number[] }>();
  for (const change of changes) {
    const key = `${change.state}|${change.lastSeenUpAt?.getTime() ?? ""}|${change.downSince?.getTime() ?? ""}`;
    const group = groups.get(key) ?? { change, ids: [] };
    group.ids.push(change.ipId);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * Writes a batch of state changes in one transaction: ping_events rows, the IPs' pingable / last seen up /
 * down since, and the re-enable rule for IPs seen up again. Returns how many IPs got monitor back on.
 */
export async function storeStateChanges(db: Database, changes: StateChange[], actor: string): Promise<number> {
  if (changes.length === 0) return 0;
  return db.transaction(async (tx) => {
    for (const part of chunks(changes)) {
      await tx.insert(pingEvents).values(part.map((change) => ({ ipId: change.ipId, state: change.state, at: change.at })));
    }
    for (const { change, ids } of updateGroups(changes)) {
      const values =
        change.state === "up"
          ? { pingable: true, lastSeenUpAt: change.lastSeenUpAt, pingDownSince: null }
          : { pingable: false, pingDownSince: change.downSince, ...(change.lastSeenUpAt ? { lastSeenUpAt: change.lastSeenUpAt } : {}) };
      for (const part of chunks(ids)) await tx.update(ips).set(values).where(inArray(ips.id, part));
    }
    const upIds = changes.filter((change) => change.state === "up").map((change) => change.ipId);
    let reenabled = 0;
    for (const part of chunks(upIds)) reenabled += await switchMonitorBackOn(tx, part, "ping", actor);
    return reenabled;
  });
}

/** Per-minute rollups; a restarted monitor adds to a minute already written. */
export async function storeRollups(db: Database, rollups: Rollup[]): Promise<void> {
  for (const part of chunks(rollups)) {
    await db
      .insert(pingRollups)
      .values(part)
      .onDuplicateKeyUpdate({
        set: {
          sent: sql`${pingRollups.sent} + values(${pingRollups.sent})`,
          received: sql`${pingRollups.received} + values(${pingRollups.received})`,
          rttMinMs: sql`least(coalesce(${pingRollups.rttMinMs}, values(${pingRollups.rttMinMs})), coalesce(values(${pingRollups.rttMinMs}), ${pingRollups.rttMinMs}))`,
          rttMaxMs: sql`greatest(coalesce(${pingRollups.rttMaxMs}, values(${pingRollups.rttMaxMs})), coalesce(values(${pingRollups.rttMaxMs}), ${pingRollups.rttMaxMs}))`,
          rttAvgMs: sql`coalesce(values(${pingRollups.rttAvgMs}), ${pingRollups.rttAvgMs})`,
        },
      });
  }
}
