import { eq } from "drizzle-orm";
import type { Transaction } from "@/server/db/client";
import { requests } from "@/server/db/schema";
import { DomainError } from "@/server/errors";
import type { RequestState } from "@/shared/enums";

/** Locks a request row for a decision and checks it is in a state that allows one. */
export async function lockRequestForDecision(tx: Transaction, id: number, allowed: RequestState[], verb: string) {
  const [request] = await tx.select().from(requests).where(eq(requests.id, id)).for("update");
  if (!request) throw new DomainError(`there is no request #${id}`);
  if (!allowed.includes(request.state)) {
    const why = request.state === "unverified" ? "its email address is not confirmed yet" : `it is already ${request.state}`;
    throw new DomainError(`request #${id} cannot be ${verb}: ${why}`);
  }
  return request;
}
