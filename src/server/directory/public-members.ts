import { eq } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, ips } from "@/server/db/schema";

/**
 * The one rule for who is shown publicly: a client with at least one provisioned address
 * (provisioned = BGP sessions configured and the IP shown publicly).
 */
/** The one rule for which contact addresses are public: the contact and NOC email, unless the client keeps them private. */
export function publishedContactEmails(client: { contactEmail: string; nocEmail: string | null; contactPrivate: boolean }): string[] {
  return client.contactPrivate ? [] : [client.contactEmail, ...(client.nocEmail ? [client.nocEmail] : [])];
}

export function publicMemberClientIds(db: Executor) {
  return db.selectDistinct({ clientId: asns.clientId }).from(ips).innerJoin(asns, eq(asns.id, ips.asnId)).where(eq(ips.provisioned, true));
}
