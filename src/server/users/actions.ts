"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/server/actions/action";
import { blanksAsMissing } from "@/shared/validation/form";
import { userInputSchema } from "@/shared/validation/user";
import { upsertUser } from "./service";

/** Admins add users or change their role; members are tied to the client owning the given ASN. */
export const saveUser = formAction({
  role: "admin",
  schema: blanksAsMissing(userInputSchema),
  handler: async (input, { db, user }) => {
    const { user: saved, created } = await upsertUser(db, input, user!.id);
    revalidatePath("/admin/users");
    return { ok: true, message: `${created ? "Added" : "Updated"} ${saved.email} (${saved.role}).` };
  },
});
