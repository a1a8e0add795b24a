import { and, eq, inArray } from "drizzle-orm";
import type { Database, Executor } from "@/server/db/client";
import { locations, meshLinkProbes, users } from "@/server/db/schema";
import { env } from "@/server/env";
import { DomainError } from "@/server/errors";
import { enqueueEmail } from "@/server/mail/outbox";
import type { PingState } from "@/shared/enums";
import type { MeshReport } from "@/shared/validation/matrix";

type ProbeRow = typeof meshLinkProbes.$inferSelect;

/** The next state of one direction of a link after a report: up at the first answer, down after `downAfter` losses in a row. */
export function nextLinkState(previous: Pick<ProbeRow, "state" | "lostInARow"> | undefined, sent: number, received: number, downAfter: number): { state: PingState | null; lostInARow: number } {
  if (received > 0) return { state: "up", lostInARow: 0 };
  const lostInARow = (previous?.lostInARow ?? 0) + sent;
  return { state: lostInARow >= downAfter ? "down" : (previous?.state ?? null), lostInARow };
}

/**
 * Stores a tunnel server's mesh probe report and alerts the volunteers when a link between two POPs breaks
 * or comes back. One alert per pair and outage: the second direction going down adds none.
 */
export async function recordMeshReport(db: Database, report: MeshReport, now = new Date()): Promise<{ changed: { peer: string; state: PingState }[] }> {
  const codes = [report.pop, ...report.links.map((link) => link.peer)];
  const known = await db.select({ id: locations.id, code: locations.code }).from(locations).where(inArray(locations.code, codes));
  const idOf = new Map(known.map((row) => [row.code, row.id]));
  const unknown = [...new Set(codes.filter((code) => !idOf.has(code)))];
  if (unknown.length) throw new DomainError(`unknown POP code(s): ${unknown.join(", ")}`);
  const fromId = idOf.get(report.pop)!;
  const downAfter = env().PING_DOWN_AFTER_LOSSES;
  const changed: { peer: string; state: PingState }[] = [];

  await db.transaction(async (tx) => {
    for (const link of report.links) {
      const toId = idOf.get(link.peer)!;
      const [previous] = await tx
        .select()
        .from(meshLinkProbes)
        .where(and(eq(meshLinkProbes.fromLocationId, fromId), eq(meshLinkProbes.toLocationId, toId)))
        .for("update");
      const next = nextLinkState(previous, link.sent, link.received, downAfter);
      const stateChanged = next.state !== (previous?.state ?? null);
      const values = {
        ...next,
        stateSince: stateChanged ? now : (previous?.stateSince ?? null),
        sent: link.sent,
        received: link.received,
        rttAvgMs: link.rttAvgMs,
        reportedAt: now,
      };
      if (previous) await tx.update(meshLinkProbes).set(values).where(and(eq(meshLinkProbes.fromLocationId, fromId), eq(meshLinkProbes.toLocationId, toId)));
      else await tx.insert(meshLinkProbes).values({ fromLocationId: fromId, toLocationId: toId, ...values });
      if (!stateChanged || next.state === null) continue;
      changed.push({ peer: link.peer, state: next.state });
      const [reverse] = await tx
        .select({ state: meshLinkProbes.state })
        .from(meshLinkProbes)
        .where(and(eq(meshLinkProbes.fromLocationId, toId), eq(meshLinkProbes.toLocationId, fromId)));
      // Alert when the pair goes from "both ways fine" to broken, and when the last broken direction recovers.
      if (reverse?.state === "down") continue;
      if (next.state === "up" && previous?.state !== "down") continue;
      await alertVolunteers(tx, { from: report.pop, to: link.peer, fromId, toId, state: next.state, at: now });
    }
  });
  return { changed };
}

async function alertVolunteers(tx: Executor, event: { from: string; to: string; fromId: number; toId: number; state: PingState; at: Date }): Promise<void> {
  const { IX_NAME, APP_URL } = env();
  const volunteers = await tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.role, ["volunteer", "admin"]));
  const pair = [event.fromId, event.toId].sort((a, b) => a - b).join("-");
  const broken = event.state === "down";
  const subject = broken ? `[${IX_NAME}] Mesh link ${event.from} - ${event.to} is down` : `[${IX_NAME}] Mesh link ${event.from} - ${event.to} is back up`;
  const text = [
    broken
      ? `The tunnel server at ${event.from} gets no answers from ${event.to} over the POP mesh since ${event.at.toISOString()}. Members at these two POPs cannot reach each other over the LAN.`
      : `The tunnel server at ${event.from} reaches ${event.to} over the POP mesh again since ${event.at.toISOString()}.`,
    "",
    `Connectivity matrix: ${new URL("/admin/matrix", APP_URL).toString()}`,
    broken ? "What to check first is in docs/OPERATIONS.md, section \"Connectivity matrix\"." : "",
  ].join("\n");
  for (const volunteer of volunteers) {
    await enqueueEmail(tx, { dedupeKey: `mesh-${event.state}:${pair}:${event.at.toISOString()}:${volunteer.id}`, to: volunteer.email, subject, text }, event.at);
  }
}
