import { eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { auditLog, requests } from "@/server/db/schema";
import { enqueueEmail } from "@/server/mail/outbox";
import type { MailTransport } from "@/server/mail/transport";
import { rejectRequestSchema } from "@/shared/validation/request";
import { deliverAfterCommit } from "./deliver";
import { rejectionEmail } from "./emails";
import { lockRequestForDecision } from "./load";
import type { Reviewer } from "./reviewer";

/** Rejects an open request (confirmed or not) with a reason that is emailed to the requester. */
export async function rejectRequest(
  db: Database,
  input: { requestId: number; reason: string },
  reviewer: Reviewer,
  options: { now?: Date; transport?: MailTransport } = {},
) {
  const { requestId, reason } = rejectRequestSchema.parse(input);
  const now = options.now ?? new Date();
  const email = await db.transaction(async (tx) => {
    const request = await lockRequestForDecision(tx, requestId, ["unverified", "pending"], "rejected");
    const change = { state: "rejected" as const, rejectReason: reason, reviewerUserId: reviewer.userId, reviewedAt: now, verificationTokenHash: null };
    await tx.update(requests).set(change).where(eq(requests.id, requestId));
    await tx.insert(auditLog).values({
      actor: reviewer.actor,
      action: "request.reject",
      entityType: "request",
      entityId: String(requestId),
      before: { state: request.state },
      after: { state: "rejected", rejectReason: reason },
    });
    const message = rejectionEmail(request, reason);
    await enqueueEmail(tx, message, now);
    return message;
  });
  await deliverAfterCommit(db, options.transport, email);
}
