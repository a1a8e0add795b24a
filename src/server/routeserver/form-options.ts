import { asc } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { locations, peeringLans } from "@/server/db/schema";

/** The POPs and LANs a route server can be placed in. */
export async function routeServerFormOptions(db: Executor) {
  const [pops, lans] = await Promise.all([
    db.select({ id: locations.id, code: locations.code }).from(locations).orderBy(asc(locations.code)),
    db.select({ id: peeringLans.id, name: peeringLans.name }).from(peeringLans).orderBy(asc(peeringLans.name)),
  ]);
  return { locations: pops, lans };
}
