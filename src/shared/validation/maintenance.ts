import { z } from "zod";
import { MAINTENANCE_SCOPES } from "@/shared/enums";
import { idSchema, optionalText, requiredText } from "./form";

/** A window may last at most this long: longer work is several announced windows. */
export const MAX_MAINTENANCE_DAYS = 14;

/**
 * A UTC time as people and forms write it: "2026-12-01 22:00", "2026-12-01T22:00" (an HTML datetime-local
 * field, labelled UTC) or full ISO with Z. A time with another offset is refused rather than guessed.
 */
export const utcTime = z
  .string({ error: "is required" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?$/, "must be a UTC time such as 2026-12-01 22:00")
  .transform((text, ctx) => {
    const iso = text.replace(" ", "T").replace(/Z$/, "");
    const date = new Date(`${iso}Z`);
    // Date rolls 2026-02-30 over into March: a day or hour that does not exist is refused instead.
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 16) !== iso.slice(0, 16)) {
      ctx.addIssue({ code: "custom", message: "is not a real date and time" });
      return z.NEVER;
    }
    return date;
  });

/** Scheduling a maintenance: the form, the server action and `ixp maintenance add` parse this one schema. */
export const maintenanceInputSchema = z
  .object({
    scope: z.enum(MAINTENANCE_SCOPES, { error: "must be pop, route-server or ix" }),
    /** The POP code (scope pop) or route-server name (scope route-server); empty for the whole IX. */
    target: optionalText(64),
    startsAt: utcTime,
    endsAt: utcTime,
    reason: requiredText(500),
    impact: requiredText(2000, { multiline: true }),
  })
  .superRefine((input, ctx) => {
    if (input.scope !== "ix" && !input.target) {
      ctx.addIssue({ code: "custom", path: ["target"], message: input.scope === "pop" ? "choose the POP" : "choose the route server" });
    }
    // Zod 4 still runs this when a time failed to parse: only compare real dates.
    if (!(input.startsAt instanceof Date) || !(input.endsAt instanceof Date)) return;
    if (input.endsAt <= input.startsAt) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "must be after the start" });
    else if (input.endsAt.getTime() - input.startsAt.getTime() > MAX_MAINTENANCE_DAYS * 86_400_000) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: `a window may last at most ${MAX_MAINTENANCE_DAYS} days` });
    }
  });
export type MaintenanceInput = z.output<typeof maintenanceInputSchema>;

export const maintenanceCancelSchema = z.object({ id: idSchema });
