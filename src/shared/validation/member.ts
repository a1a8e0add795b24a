import { z } from "zod";
import { LIFECYCLE_STATES, MEMBER_TYPES, PEERING_POLICIES } from "@/shared/enums";
import { checkbox, idSchema, optional, optionalText, requiredText, wholeNumber } from "./form";
import { optionalChoice, sortDirection } from "./table";
import { freeText } from "./text";
import { asnTextSchema, emailSchema } from "./user";

export const phoneSchema = z.string().trim().regex(/^\+?[0-9 ()./-]{3,64}$/, "must be a phone number such as +1 510 555 0100");

/** Contact details a member keeps up to date themselves (volunteers use the same form). */
export const clientContactsSchema = z.object({
  clientId: idSchema,
  contactName: optionalText(255),
  contactEmail: emailSchema,
  contactPhone: optional(phoneSchema),
  nocEmail: optional(emailSchema),
  website: optional(z.url({ protocol: /^https?$/, error: "must be a web address starting with http:// or https://" }).max(255)),
  contactPrivate: checkbox,
});
export type ClientContacts = z.output<typeof clientContactsSchema>;

/** The same contacts through the API, where the member is named by an ASN in the path. */
export const memberContactsSchema = clientContactsSchema.omit({ clientId: true });

/** An ASN in an API path: /api/v1/members/AS64500 or /api/v1/members/64500. */
export const asnPathSchema = z.object({
  asn: asnTextSchema.meta({
    description: "an AS number, 64500 or AS64500",
    // A path segment is always text, so the OpenAPI description shows only the string branch.
    override: ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
      delete jsonSchema.anyOf;
      Object.assign(jsonSchema, { type: "string", pattern: "^(?:[Aa][Ss])?[0-9]{1,10}$" });
    },
  }),
});

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

/**
 * One click (or `ixp ip reenable`) brings a deprovisioned address back, with its connection's other
 * deprovisioned addresses unless onlyThisAddress; monitoring can stay off until the member is seen again.
 */
export const ipReenableSchema = z.object({ ipId: idSchema, monitorOff: checkbox, onlyThisAddress: checkbox });
export type IpReenable = z.output<typeof ipReenableSchema>;

/** Columns the members table sorts by on the server (each backed by an index on clients). */
export const MEMBER_SORTS = ["name", "created", "state"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

export const memberSearchSchema = z.object({
  q: freeText({ max: 100 }).optional().default(""),
  page: wholeNumber(1, 100_000).optional().default(1),
  state: optionalChoice(LIFECYCLE_STATES),
  sort: z.enum(MEMBER_SORTS, { error: `must be one of: ${MEMBER_SORTS.join(", ")}` }).optional().default("name"),
  dir: sortDirection("asc"),
});
export type MemberSearch = z.output<typeof memberSearchSchema>;

/** What volunteers keep about a member beyond the contacts. */
export const clientProfileSchema = z.object({
  clientId: idSchema,
  name: requiredText(255),
  peeringPolicy: z.enum(PEERING_POLICIES, { error: `must be one of: ${PEERING_POLICIES.join(", ")}` }),
  memberType: z.enum(MEMBER_TYPES, { error: `must be one of: ${MEMBER_TYPES.join(", ")}` }),
  state: z.enum(LIFECYCLE_STATES, { error: `must be one of: ${LIFECYCLE_STATES.join(", ")}` }),
  notes: optionalText(5000, { multiline: true }),
});
export type ClientProfile = z.output<typeof clientProfileSchema>;

/** A unicast MAC address in lower-case colon form; the member's router on the IX bridge. */
export const macAddressSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/, "must be a MAC address such as 02:00:5e:10:00:01")
  .transform((mac) => mac.replaceAll("-", ":"))
  .refine((mac) => (parseInt(mac.slice(0, 2), 16) & 1) === 0, "must be a unicast MAC address (the first octet is even)");

/** MAC addresses typed one per line (or separated by commas/spaces), or sent as a JSON array. */
const macAddressList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (Array.isArray(value) ? value : (value ?? "").split(/[\s,]+/)).filter((mac) => mac !== ""))
  .pipe(z.array(macAddressSchema).max(16, "at most 16 MAC addresses"))
  .transform((macs) => [...new Set(macs)]);

/** The MAC addresses of the member's router on a connection; members keep these up to date themselves. */
export const connectionMacsSchema = z.object({ connectionId: idSchema, macAddresses: macAddressList });
export type ConnectionMacs = z.output<typeof connectionMacsSchema>;

export const connectionAdminSchema = connectionMacsSchema.extend({
  state: z.enum(LIFECYCLE_STATES, { error: `must be one of: ${LIFECYCLE_STATES.join(", ")}` }),
  /** Blank: the IX-F export uses the default speed of the tunnel type. */
  ifSpeedMbps: optional(wholeNumber(1, 10_000_000)),
});
export type ConnectionAdmin = z.output<typeof connectionAdminSchema>;
