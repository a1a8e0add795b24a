import { eq } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, ips } from "@/server/db/schema";

/**
 * The one rule for who is shown publicly: a client with at least one provisioned address
 * (provisioned = BGP sessions configured and the IP shown publicly).
 */
export function publicMemberClientIds(db: Executor) {
  return db.selectDistinct({ clientId: asns.clientId }).from(ips).innerJoin(asns, eq(asns.id, ips.asnId)).where(eq(ips.provisioned, true));
}
