import type { Executor } from "@/server/db/client";
import { auditLog } from "@/server/db/schema";
import { NotFoundError } from "@/server/errors";

export interface AuditRecord {
  /** A user id, or a system actor such as "cli:alice" or "worker". */
  actor: string;
  action: string;
  entityType: string;
  entityId: string | number;
  before: object | null;
  after: object | null;
}

/** Writes one audit entry; call it inside the transaction that made the change. */
export async function writeAudit(db: Executor, record: AuditRecord): Promise<void> {
  await db.insert(auditLog).values({
    actor: record.actor,
    action: record.action,
    entityType: record.entityType,
    entityId: String(record.entityId),
    before: toJson(record.before),
    after: toJson(record.after),
  });
}

/** Dates become ISO strings so before/after compare and display the same everywhere. */
function toJson(value: object | null): Record<string, unknown> | null {
  return value === null ? null : (JSON.parse(JSON.stringify(value)) as Record<string, unknown>);
}

/** The keys whose values differ between before and after. */
export function changedKeys(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys].filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]));
}

/**
 * Runs one change inside the caller's transaction and audits it: reads the entity, changes it, reads it
 * again, and records both reads. Returns the state after.
 */
export async function auditedChange<T extends object>(
  tx: Executor,
  meta: Omit<AuditRecord, "before" | "after">,
  read: () => Promise<T | null>,
  change: (before: T) => Promise<void>,
): Promise<T> {
  const before = await read();
  if (!before) throw new NotFoundError(`no such ${meta.entityType}`);
  await change(before);
  const after = await read();
  await writeAudit(tx, { ...meta, before, after });
  return after!;
}
