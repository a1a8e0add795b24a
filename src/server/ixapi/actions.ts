"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/server/actions/action";
import { idSchema, requiredText } from "@/shared/validation/form";
import { ixapiCredentialInputSchema } from "@/shared/validation/ixapi";
import { createIxapiCredential, revokeIxapiCredential } from "./credentials";

const shownOnce = (created: { id: number; apiKey: string; apiSecret: string }) =>
  `IX-API key #${created.id} created. api_key ${created.apiKey}, api_secret (shown only now): ${created.apiSecret}`;

/** Admins create keys for any user: a member's sees its account, a volunteer's every account. */
export const addIxapiKey = formAction({
  role: "admin",
  schema: ixapiCredentialInputSchema,
  handler: async (input, { db, user }) => {
    const created = await createIxapiCredential(db, user!.id, input);
    revalidatePath("/admin/users");
    return { ok: true, message: shownOnce(created) };
  },
});

export const removeIxapiKey = formAction({
  role: "admin",
  schema: z.object({ id: idSchema }),
  handler: async (input, { db, user }) => {
    await revokeIxapiCredential(db, user!.id, input.id);
    revalidatePath("/admin/users");
    return { ok: true, message: `IX-API key #${input.id} revoked.` };
  },
});

/** A member makes keys for themself in the portal; they act as the signed-in user. */
export const addOwnIxapiKey = formAction({
  role: "member",
  schema: z.object({ name: requiredText(128) }),
  handler: async (input, { db, user }) => {
    const created = await createIxapiCredential(db, user!.id, { name: input.name, userEmail: user!.email });
    revalidatePath("/portal");
    return { ok: true, message: shownOnce(created) };
  },
});

export const removeOwnIxapiKey = formAction({
  role: "member",
  schema: z.object({ id: idSchema }),
  handler: async (input, { db, user }) => {
    await revokeIxapiCredential(db, user!.id, input.id, user!.id);
    revalidatePath("/portal");
    return { ok: true, message: `IX-API key #${input.id} revoked.` };
  },
});
