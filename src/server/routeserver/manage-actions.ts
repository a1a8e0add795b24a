"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formAction } from "@/server/actions/action";
import { routeServerInputSchema, routeServerUpdateSchema } from "@/shared/validation/route-server";
import { createRouteServer, updateRouteServer } from "./manage";

export const addRouteServer = formAction({
  role: "volunteer",
  schema: routeServerInputSchema,
  handler: async (input, { db, user }) => {
    await createRouteServer(db, user!.id, input);
    revalidatePath("/admin/route-servers");
    redirect("/admin/route-servers");
  },
});

export const editRouteServer = formAction({
  role: "volunteer",
  schema: routeServerUpdateSchema,
  handler: async (input, { db, user }) => {
    await updateRouteServer(db, user!.id, input);
    revalidatePath("/admin/route-servers", "layout");
    redirect("/admin/route-servers");
  },
});
