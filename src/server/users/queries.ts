import { asc, eq } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { clients, users } from "@/server/db/schema";

/** Portal users with the member they belong to; no secrets live in this table. */
export async function listUsers(db: Executor) {
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, clientId: users.clientId, clientName: clients.name, createdAt: users.createdAt })
    .from(users)
    .leftJoin(clients, eq(clients.id, users.clientId))
    .orderBy(asc(users.role), asc(users.email));
}
