import type { SessionUser } from "@/server/auth/guard";
import { hasRole } from "@/server/auth/roles";
import type { Executor } from "@/server/db/client";
import { NotFoundError } from "@/server/errors";
import { getMemberByAsn } from "./queries";

/** A member by one of its ASNs, as the API shows it: volunteers see any, members only their own (else 404, as if absent). */
export async function visibleMemberByAsn(db: Executor, user: Pick<SessionUser, "role" | "clientId">, asn: number) {
  const member = await getMemberByAsn(db, asn);
  if (!member || (!hasRole(user.role, "volunteer") && member.client.id !== user.clientId)) {
    throw new NotFoundError(`no member with AS${asn} is visible to you`);
  }
  return member;
}
