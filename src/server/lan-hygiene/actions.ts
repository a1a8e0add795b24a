"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/server/actions/action";
import { enforceMacsSchema, resolveFindingSchema } from "@/shared/validation/lan-hygiene";
import { setEnforceRegisteredMacs } from "./enforcement";
import { resolveLanFinding } from "./queries";

export const saveEnforceMacs = formAction({
  role: "volunteer",
  schema: enforceMacsSchema,
  handler: async (input, { db, user }) => {
    await setEnforceRegisteredMacs(db, user!.id, input.pop, input.enforce);
    revalidatePath("/admin/locations", "layout");
    return {
      ok: true,
      message: input.enforce
        ? `${input.pop}: member ports will only accept registered MAC addresses after the next tunnel rollout.`
        : `${input.pop}: member ports will accept any MAC address after the next tunnel rollout.`,
    };
  },
});

export const resolveFinding = formAction({
  role: "volunteer",
  schema: resolveFindingSchema,
  handler: async (input, { db, user }) => {
    await resolveLanFinding(db, user!.id, input.findingId);
    revalidatePath("/admin");
    return { ok: true, message: "Resolved." };
  },
});
