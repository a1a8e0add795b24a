"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formAction } from "@/server/actions/action";
import { maintenanceCancelSchema, maintenanceInputSchema } from "@/shared/validation/maintenance";
import { describeTarget } from "./windows";
import { cancelMaintenance, scheduleMaintenance } from "./service";

export const scheduleMaintenanceAction = formAction({
  role: "volunteer",
  schema: maintenanceInputSchema,
  handler: async (input, { db, user }) => {
    const { window, emailsQueued } = await scheduleMaintenance(db, user!.id, input);
    revalidatePath("/admin/maintenance");
    return { ok: true, message: `Maintenance of ${describeTarget(window)} scheduled; ${emailsQueued} member(s) emailed.` };
  },
});

export const cancelMaintenanceAction = formAction({
  role: "volunteer",
  schema: maintenanceCancelSchema,
  handler: async ({ id }, { db, user }) => {
    const { emailsQueued } = await cancelMaintenance(db, user!.id, id);
    revalidatePath("/admin/maintenance");
    // The row and its form leave the list, so the page itself says what happened.
    redirect(`/admin/maintenance?cancelled=${id}&emailed=${emailsQueued}`);
  },
});
