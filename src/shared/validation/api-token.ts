import { z } from "zod";
import { optional, requiredText, wholeNumber } from "./form";
import { emailSchema } from "./user";

/** An API token for a portal user; it acts with that user's role. */
export const apiTokenInputSchema = z.object({
  name: requiredText(128),
  userEmail: emailSchema,
  expiresInDays: optional(wholeNumber(1, 3650)),
});
export type ApiTokenInput = z.output<typeof apiTokenInputSchema>;
