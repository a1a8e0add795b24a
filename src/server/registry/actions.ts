"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/server/actions/action";
import { registryPublishSchema } from "@/shared/validation/registry";
import { markPublished } from "./service";

/** "Mark as published" on the admin Registry page: records the text the volunteer reviewed. */
export const publishRegistryObject = formAction({
  role: "volunteer",
  schema: registryPublishSchema,
  async handler(input, { db, user }) {
    await markPublished(db, input, user?.email ?? "web:unknown", new Date());
    revalidatePath("/admin/registry");
    return { ok: true, message: `The ${input.kind} object is recorded as published.` };
  },
});
