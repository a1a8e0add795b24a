import { z } from "zod";
import { checkbox, idSchema, optional, optionalText, wholeNumber } from "./form";
import { emailSchema } from "./user";

/** Contact details a member keeps up to date themselves (volunteers use the same form). */
export const clientContactsSchema = z.object({
  clientId: idSchema,
  contactName: optionalText(255),
  contactEmail: emailSchema,
  contactPhone: optional(z.string().trim().regex(/^\+?[0-9 ()./-]{3,64}$/, "must be a phone number such as +1 510 555 0100")),
  nocEmail: optional(emailSchema),
  website: optional(z.url({ protocol: /^https?$/, error: "must be a web address starting with http:// or https://" }).max(255)),
  contactPrivate: checkbox,
});
export type ClientContacts = z.output<typeof clientContactsSchema>;

/**
 * An RPSL AS-SET (optionally with its IRR source, e.g. RIPE::AS-EXAMPLE) or a single ASN.
 * Strict, because the value reaches route-server config and bgpq4's command line.
 */
export const asSetSchema = z
  .string()
  .trim()
  .toUpperCase()
  .max(128, "must be at most 128 characters")
  .regex(
    /^(?:[A-Z0-9-]{1,32}::)?(?:AS\d{1,10}|(?:AS\d{1,10}:)?AS-[A-Z0-9_-]+(?::AS-[A-Z0-9_-]+)*)$/,
    "must be an AS-SET such as AS-EXAMPLE, AS64500:AS-CUSTOMERS or RIPE::AS-EXAMPLE, or an ASN such as AS64500",
  );

const maxPrefix = optional(wholeNumber(1, 1_000_000));

/** What a member may change about their own ASN. */
export const asnMemberSettingsSchema = z.object({
  asnId: idSchema,
  asSet: optional(asSetSchema),
  maxPrefixV4: maxPrefix,
  maxPrefixV6: maxPrefix,
});
export type AsnMemberSettings = z.output<typeof asnMemberSettingsSchema>;

/** Volunteers also decide route-server participation and blackholing. */
export const asnAdminSettingsSchema = asnMemberSettingsSchema.extend({
  rsClient: checkbox,
  blackholeOptIn: checkbox,
});
export type AsnAdminSettings = z.output<typeof asnAdminSettingsSchema>;

export const ipFlagsSchema = z.object({ ipId: idSchema, monitor: checkbox, provisioned: checkbox });
export type IpFlags = z.output<typeof ipFlagsSchema>;

/** One click to bring a deprovisioned address back; monitoring can stay off until the member is seen again. */
export const ipReenableSchema = z.object({ ipId: idSchema, monitorOff: checkbox });
export type IpReenable = z.output<typeof ipReenableSchema>;

export const memberSearchSchema = z.object({
  q: z.string().trim().max(100).optional().default(""),
  page: wholeNumber(1, 100_000).optional().default(1),
});
