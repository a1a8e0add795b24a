"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/server/actions/action";
import { apiTokenInputSchema } from "@/shared/validation/api-token";
import { idSchema } from "@/shared/validation/form";
import { createApiToken, revokeApiToken } from "./tokens";

/** Admins create tokens for automation; the token is shown in this one answer and never again. */
export const addApiToken = formAction({
  role: "admin",
  schema: apiTokenInputSchema,
  handler: async (input, { db, user }) => {
    const created = await createApiToken(db, user!.id, input);
    revalidatePath("/admin/users");
    return { ok: true, message: `Token #${created.id} for ${input.userEmail}, shown only now: ${created.token}` };
  },
});

export const removeApiToken = formAction({
  role: "admin",
  schema: z.object({ id: idSchema }),
  handler: async (input, { db, user }) => {
    await revokeApiToken(db, user!.id, input.id);
    revalidatePath("/admin/users");
    return { ok: true, message: `Token #${input.id} revoked.` };
  },
});
