import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { auditLog, users } from "@/server/db/schema";
import { z } from "zod";
import { wholeNumber } from "@/shared/validation/form";

export const auditFilterSchema = z.object({
  entityType: z.string().trim().max(32).optional().transform((v) => v || undefined),
  entityId: z.string().trim().max(64).optional().transform((v) => v || undefined),
  /** Show entries older than this id (paging backwards in time). */
  before: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional(),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;

export const AUDIT_PAGE_SIZE = 100;

/** Newest first; the actor's email when the actor is a user. */
export async function listAudit(db: Executor, filter: AuditFilter) {
  const conditions: SQL[] = [];
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.before) conditions.push(lt(auditLog.id, filter.before));
  return db
    .select({
      id: auditLog.id,
      actor: auditLog.actor,
      actorEmail: users.email,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actor))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE);
}

export async function auditEntityTypes(db: Executor): Promise<string[]> {
  const rows = await db.selectDistinct({ entityType: auditLog.entityType }).from(auditLog).orderBy(auditLog.entityType);
  return rows.map((r) => r.entityType);
}
