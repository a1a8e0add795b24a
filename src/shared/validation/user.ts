import { z } from "zod";
import { USER_ROLES } from "@/shared/enums";
import { parseAsn } from "@/shared/asn";
import { optionalFreeText } from "./text";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("must be an email address").max(255));

export const asnTextSchema = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const asn = parseAsn(String(value));
    if (asn === null) {
      ctx.addIssue({ code: "custom", message: "must be an AS number such as 64500 or AS64500" });
      return z.NEVER;
    }
    return asn;
  });

/** Adding or changing a portal user (CLI `ixp user add`, admin user form). */
export const userInputSchema = z.object({
  email: emailSchema,
  role: z.enum(USER_ROLES, { error: `must be one of: ${USER_ROLES.join(", ")}` }),
  name: optionalFreeText({ max: 255 }),
  /** Members are tied to the client that owns this ASN. */
  clientAsn: asnTextSchema.optional(),
});
export type UserInput = z.infer<typeof userInputSchema>;

/**
 * Where to land after signing in: a path on this site only, never another site ("//host", "/\host" and
 * full URLs are refused), so a sign-in link cannot bounce a fresh session elsewhere.
 */
export const sameSitePathSchema = z
  .string()
  .trim()
  .regex(/^\/(?![/\\])[^\s\\]*$/, "must be a path on this site, such as /portal or /admin/requests");
