import { eq } from "drizzle-orm";
import type { SessionUser } from "@/server/auth/guard";
import { hasRole } from "@/server/auth/roles";
import { writeAudit } from "@/server/audit/log";
import type { Database, Executor } from "@/server/db/client";
import { asns, clients } from "@/server/db/schema";
import { NotFoundError } from "@/server/errors";
import { markRouteServerConfigChanged } from "@/server/routeserver/config-changed";
import {
  asnAdminSettingsSchema,
  asnMemberSettingsSchema,
  clientContactsSchema,
  type AsnAdminSettings,
  type AsnMemberSettings,
  type ClientContacts,
} from "@/shared/validation/member";

/** Who is changing member data: a member may only touch their own client; volunteers any. */
export type MemberActor = Pick<SessionUser, "id" | "role" | "clientId">;

export function assertMayEdit(actor: MemberActor, clientId: number, what: string): void {
  // Same answer for "not yours" and "does not exist", so members cannot probe for other members.
  if (!hasRole(actor.role, "volunteer") && actor.clientId !== clientId) throw new NotFoundError(`no such ${what}`);
}

const contactColumns = {
  id: clients.id,
  contactName: clients.contactName,
  contactEmail: clients.contactEmail,
  contactPhone: clients.contactPhone,
  nocEmail: clients.nocEmail,
  website: clients.website,
  contactPrivate: clients.contactPrivate,
};

async function lockedContacts(tx: Executor, clientId: number) {
  const [row] = await tx.select(contactColumns).from(clients).where(eq(clients.id, clientId)).for("update");
  return row;
}

export async function updateClientContacts(db: Database, actor: MemberActor, input: ClientContacts) {
  const data = clientContactsSchema.parse(input);
  assertMayEdit(actor, data.clientId, "member");
  return db.transaction(async (tx) => {
    const before = await lockedContacts(tx, data.clientId);
    if (!before) throw new NotFoundError("no such member");
    const { clientId, ...changes } = data;
    await tx.update(clients).set(changes).where(eq(clients.id, clientId));
    const after = await lockedContacts(tx, clientId);
    await writeAudit(tx, { actor: actor.id, action: "client.contacts", entityType: "client", entityId: clientId, before, after: after ?? null });
    return after!;
  });
}

const asnSettingColumns = {
  id: asns.id,
  asn: asns.asn,
  clientId: asns.clientId,
  asSet: asns.asSet,
  maxPrefixV4: asns.maxPrefixV4,
  maxPrefixV6: asns.maxPrefixV6,
  rsClient: asns.rsClient,
  blackholeOptIn: asns.blackholeOptIn,
};

/**
 * AS-SET and max-prefix for anyone allowed to edit the member; route-server participation and
 * blackholing only for volunteers (the member schema does not even carry those fields).
 */
export async function updateAsnSettings(db: Database, actor: MemberActor, input: AsnMemberSettings | AsnAdminSettings) {
  const data = hasRole(actor.role, "volunteer") && "rsClient" in input ? asnAdminSettingsSchema.parse(input) : asnMemberSettingsSchema.parse(input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select(asnSettingColumns).from(asns).where(eq(asns.id, data.asnId)).for("update");
    if (!before) throw new NotFoundError("no such ASN");
    assertMayEdit(actor, before.clientId, "ASN");
    const { asnId, ...changes } = data;
    await tx.update(asns).set(changes).where(eq(asns.id, asnId));
    const [after] = await tx.select(asnSettingColumns).from(asns).where(eq(asns.id, asnId));
    // AS-SET, limits and participation are all part of the route-server policy for this member.
    await markRouteServerConfigChanged(tx);
    await writeAudit(tx, { actor: actor.id, action: "asn.settings", entityType: "asn", entityId: before.asn, before, after: after ?? null });
    return after!;
  });
}
