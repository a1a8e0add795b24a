import { eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { asns, connections, ips, locations } from "@/server/db/schema";
import { createMember } from "./members";

/** A member whose addresses ride a local connection at the test POP (so PTR names carry its code). */
export async function createMemberAtPop(db: Database, name: string, addresses: string[]): Promise<{ asn: number; clientId: number }> {
  const member = await createMember(db, name, addresses.map((address) => ({ address })));
  const [pop] = await db.select({ id: locations.id }).from(locations).where(eq(locations.code, "TST"));
  const [{ id: connectionId }] = (await db
    .insert(connections)
    .values({ clientId: member.clientId, locationId: pop!.id, type: "local", params: {}, macAddresses: [], state: "production" })
    .$returningId()) as [{ id: number }];
  for (const id of member.ipIds) await db.update(ips).set({ connectionId }).where(eq(ips.id, id));
  return { asn: member.asn, clientId: member.clientId };
}

/** The member's own AS-SET, as members enter it on the portal. */
export async function setMemberAsSet(db: Database, asn: number, asSet: string): Promise<void> {
  await db.update(asns).set({ asSet }).where(eq(asns.asn, asn));
}
