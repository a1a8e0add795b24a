import { and, count, desc, eq, isNull, type SQL } from "drizzle-orm";
import { writeAudit } from "@/server/audit/log";
import type { Database, Executor } from "@/server/db/client";
import { clients, lanFindings, locations } from "@/server/db/schema";
import { NotFoundError } from "@/server/errors";
import { LAN_FINDING_KINDS, type LanFindingKind } from "@/shared/enums";

/** LAN findings for the admin dashboard, the member's diagnostics, the CLI and /metrics. */

export interface FindingFilter {
  /** POP code. */
  pop?: string;
  clientId?: number;
  includeResolved?: boolean;
  limit?: number;
}

export async function listLanFindings(db: Executor, filter: FindingFilter = {}) {
  const conditions: SQL[] = [];
  if (filter.pop) conditions.push(eq(locations.code, filter.pop));
  if (filter.clientId !== undefined) conditions.push(eq(lanFindings.clientId, filter.clientId));
  if (!filter.includeResolved) conditions.push(isNull(lanFindings.resolvedAt));
  return db
    .select({
      id: lanFindings.id,
      pop: locations.code,
      kind: lanFindings.kind,
      port: lanFindings.port,
      mac: lanFindings.mac,
      ip: lanFindings.ip,
      detail: lanFindings.detail,
      member: clients.name,
      clientId: lanFindings.clientId,
      firstSeenAt: lanFindings.firstSeenAt,
      lastSeenAt: lanFindings.lastSeenAt,
      resolvedAt: lanFindings.resolvedAt,
    })
    .from(lanFindings)
    .innerJoin(locations, eq(locations.id, lanFindings.locationId))
    .leftJoin(clients, eq(clients.id, lanFindings.clientId))
    .where(and(...conditions))
    .orderBy(desc(lanFindings.lastSeenAt), desc(lanFindings.id))
    .limit(filter.limit ?? 500);
}

export type LanFindingRow = Awaited<ReturnType<typeof listLanFindings>>[number];

/** Open findings per kind, every kind present (zero when none): ready for a Prometheus gauge. */
export async function countOpenFindingsByKind(db: Executor): Promise<Record<LanFindingKind, number>> {
  const rows = await db.select({ kind: lanFindings.kind, open: count() }).from(lanFindings).where(isNull(lanFindings.resolvedAt)).groupBy(lanFindings.kind);
  const counts = Object.fromEntries(LAN_FINDING_KINDS.map((kind) => [kind, 0])) as Record<LanFindingKind, number>;
  for (const row of rows) counts[row.kind] = Number(row.open);
  return counts;
}

/** A volunteer marks a finding dealt with; the watcher reopens it if it is seen again. */
export async function resolveLanFinding(db: Database, actor: string, id: number, now = new Date()) {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ id: lanFindings.id, kind: lanFindings.kind, resolvedAt: lanFindings.resolvedAt }).from(lanFindings).where(eq(lanFindings.id, id)).for("update");
    if (!before) throw new NotFoundError(`no LAN finding has the id ${id}`);
    if (before.resolvedAt) return;
    await tx.update(lanFindings).set({ resolvedAt: now }).where(eq(lanFindings.id, id));
    await writeAudit(tx, { actor, action: "lan_finding.resolve", entityType: "lan_finding", entityId: id, before, after: { ...before, resolvedAt: now } });
  });
}
