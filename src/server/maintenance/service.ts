import { eq } from "drizzle-orm";
import { writeAudit } from "@/server/audit/log";
import type { Database, Executor } from "@/server/db/client";
import { locations, maintenanceWindows, routeServers } from "@/server/db/schema";
import { DomainError, FieldError, NotFoundError } from "@/server/errors";
import { enqueueEmail } from "@/server/mail/outbox";
import type { MaintenanceInput } from "@/shared/validation/maintenance";
import { maintenanceEmail, REMINDER_BEFORE_MS, type MaintenanceEmailKind } from "./emails";
import { affectedMembers } from "./queries";
import { findMaintenance, type MaintenanceRecord } from "./windows";

/** The POP (by code) or route server (by name) a window names; unknown names are the form's error. */
async function resolveTarget(db: Executor, input: MaintenanceInput): Promise<{ locationId: number | null; routeServerId: number | null }> {
  if (input.scope === "ix") return { locationId: null, routeServerId: null };
  if (input.scope === "pop") {
    const [location] = await db.select({ id: locations.id }).from(locations).where(eq(locations.code, input.target ?? ""));
    if (!location) throw new FieldError({ target: [`there is no POP with the code ${JSON.stringify(input.target)}`] });
    return { locationId: location.id, routeServerId: null };
  }
  const [routeServer] = await db.select({ id: routeServers.id }).from(routeServers).where(eq(routeServers.name, input.target ?? ""));
  if (!routeServer) throw new FieldError({ target: [`there is no route server named ${JSON.stringify(input.target)}`] });
  return { locationId: null, routeServerId: routeServer.id };
}

/** Queues one kind of email to every member the window concerns; returns how many were new. */
export async function queueMaintenanceEmails(db: Executor, window: MaintenanceRecord, kind: MaintenanceEmailKind, now: Date): Promise<number> {
  let queued = 0;
  for (const member of await affectedMembers(db, window)) {
    if (await enqueueEmail(db, maintenanceEmail(kind, window, member), now)) queued++;
  }
  return queued;
}

/**
 * Schedules a window and, in the same transaction, queues the announcement to the members it concerns.
 * A window that starts within 24 hours gets no separate reminder: the announcement is it.
 */
export async function scheduleMaintenance(db: Database, actor: string, input: MaintenanceInput, now = new Date()): Promise<{ window: MaintenanceRecord; emailsQueued: number }> {
  if (input.endsAt <= now) throw new FieldError({ endsAt: ["is already past: a maintenance window must end in the future"] });
  return db.transaction(async (tx) => {
    const target = await resolveTarget(tx, input);
    const [created] = await tx
      .insert(maintenanceWindows)
      .values({
        scope: input.scope,
        ...target,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        reason: input.reason,
        impact: input.impact,
        createdBy: actor,
        remindedAt: input.startsAt.getTime() - REMINDER_BEFORE_MS <= now.getTime() ? now : null,
      })
      .$returningId();
    const window = (await findMaintenance(tx, created!.id))!;
    await writeAudit(tx, { actor, action: "maintenance.schedule", entityType: "maintenance", entityId: window.id, before: null, after: window });
    const emailsQueued = await queueMaintenanceEmails(tx, window, "scheduled", now);
    return { window, emailsQueued };
  });
}

/**
 * Calls a window off. Members who were told about it hear that it is cancelled; if the route servers were
 * already signalling graceful shutdown, the maintenance job's next run re-renders them without it.
 */
export async function cancelMaintenance(db: Database, actor: string, id: number, now = new Date()): Promise<{ window: MaintenanceRecord; emailsQueued: number }> {
  return db.transaction(async (tx) => {
    const [locked] = await tx.select({ id: maintenanceWindows.id }).from(maintenanceWindows).where(eq(maintenanceWindows.id, id)).for("update");
    const before = locked ? await findMaintenance(tx, id) : undefined;
    if (!before) throw new NotFoundError(`there is no maintenance window #${id}`);
    if (before.cancelledAt) throw new DomainError(`maintenance #${id} was already cancelled`);
    if (before.endsAt <= now) throw new DomainError(`maintenance #${id} is already over and cannot be cancelled`);
    await tx.update(maintenanceWindows).set({ cancelledAt: now }).where(eq(maintenanceWindows.id, id));
    const window = (await findMaintenance(tx, id))!;
    await writeAudit(tx, { actor, action: "maintenance.cancel", entityType: "maintenance", entityId: id, before, after: window });
    const emailsQueued = await queueMaintenanceEmails(tx, window, "cancelled", now);
    return { window, emailsQueued };
  });
}
