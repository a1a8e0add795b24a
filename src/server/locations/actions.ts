"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formAction } from "@/server/actions/action";
import { locationInputSchema, locationUpdateSchema } from "@/shared/validation/location";
import { createLocation, updateLocation } from "./service";

export const addLocation = formAction({
  role: "volunteer",
  schema: locationInputSchema,
  handler: async (input, { db, user }) => {
    const created = await createLocation(db, user!.id, input);
    revalidatePath("/admin/locations");
    redirect(`/admin/locations?saved=${encodeURIComponent(created.code)}`);
  },
});

export const editLocation = formAction({
  role: "volunteer",
  schema: locationUpdateSchema,
  handler: async (input, { db, user }) => {
    const saved = await updateLocation(db, user!.id, input);
    revalidatePath("/admin/locations", "layout");
    redirect(`/admin/locations?saved=${encodeURIComponent(saved.code)}`);
  },
});
