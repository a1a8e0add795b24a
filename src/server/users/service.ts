import { eq } from "drizzle-orm";
import { DomainError } from "@/server/errors";
import type { Database } from "@/server/db/client";
import { asns, auditLog, users } from "@/server/db/schema";
import { userInputSchema, type UserInput } from "@/shared/validation/user";

export class UserInputError extends DomainError {}

/** Creates the user or updates its role and client; audited. */
export async function upsertUser(db: Database, input: UserInput, actor: string) {
  const data = userInputSchema.parse(input);
  return db.transaction(async (tx) => {
    let clientId: number | null = null;
    if (data.clientAsn !== undefined) {
      const [owner] = await tx.select({ clientId: asns.clientId }).from(asns).where(eq(asns.asn, data.clientAsn));
      if (!owner) throw new UserInputError(`no member has AS${data.clientAsn}`);
      clientId = owner.clientId;
    }
    if (data.role === "member" && clientId === null) {
      throw new UserInputError("a member user needs the ASN of its member (--asn)");
    }
    const [before] = await tx
      .select({ id: users.id, email: users.email, role: users.role, clientId: users.clientId })
      .from(users)
      .where(eq(users.email, data.email));
    if (before) {
      await tx.update(users).set({ role: data.role, clientId, ...(data.name ? { name: data.name } : {}) }).where(eq(users.id, before.id));
    } else {
      await tx.insert(users).values({ email: data.email, role: data.role, clientId, name: data.name ?? null });
    }
    const [after] = await tx
      .select({ id: users.id, email: users.email, role: users.role, clientId: users.clientId })
      .from(users)
      .where(eq(users.email, data.email));
    await tx.insert(auditLog).values({
      actor,
      action: before ? "user.update" : "user.create",
      entityType: "user",
      entityId: after!.id,
      before: before ?? null,
      after: after ?? null,
    });
    return { user: after!, created: !before };
  });
}
