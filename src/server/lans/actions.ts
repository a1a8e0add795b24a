"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formAction } from "@/server/actions/action";
import { lanInputSchema, lanReservationDeleteSchema, lanReservationInputSchema, lanUpdateSchema } from "@/shared/validation/lan";
import { addLanReservation, createLan, deleteLanReservation, updateLan } from "./service";

export const addLan = formAction({
  role: "volunteer",
  schema: lanInputSchema,
  handler: async (input, { db, user }) => {
    const created = await createLan(db, user!.id, input);
    revalidatePath("/admin/lans");
    redirect(`/admin/lans/${created.id}`);
  },
});

export const editLan = formAction({
  role: "volunteer",
  schema: lanUpdateSchema,
  handler: async (input, { db, user }) => {
    await updateLan(db, user!.id, input);
    revalidatePath("/admin/lans", "layout");
    return { ok: true, message: "Peering LAN saved." };
  },
});

export const reserveLanRange = formAction({
  role: "volunteer",
  schema: lanReservationInputSchema,
  handler: async (input, { db, user }) => {
    await addLanReservation(db, user!.id, input);
    revalidatePath("/admin/lans", "layout");
    return { ok: true, message: `Reserved ${input.firstAddress} – ${input.lastAddress}.` };
  },
});

export const releaseLanRange = formAction({
  role: "volunteer",
  schema: lanReservationDeleteSchema,
  handler: async (input, { db, user }) => {
    await deleteLanReservation(db, user!.id, input);
    revalidatePath("/admin/lans", "layout");
    return { ok: true, message: "Reservation removed." };
  },
});
