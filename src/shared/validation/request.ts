import ipaddr from "ipaddr.js";
import { z } from "zod";
import { asnRejectionReason } from "@/shared/asn";
import { REQUEST_STATES, TUNNEL_TYPES, type TunnelType } from "@/shared/enums";
import { isPublicUnicast } from "./ip";
import { wholeNumber } from "./form";
import { optionalChoice, sortDirection } from "./table";
import { freeText, optionalFreeText } from "./text";
import { asnTextSchema, emailSchema } from "./user";
import { ENDPOINT_KIND, HONEYPOT_FIELD } from "./request-fields";
import { zerotierNodeIdSchema } from "./zerotier";

export { ENDPOINT_KIND, HONEYPOT_FIELD };

/**
 * The peering request, as the /connect form, its server action, the API and the CLI accept it.
 * Rules that need the database (POP exists and offers the tunnel type, endpoint outside our LAN)
 * live in src/server/requests/submit.ts and come back as field errors on the same field names.
 */

/** Why an address cannot be a tunnel endpoint, keyed by ipaddr.js range() names. */
const NON_PUBLIC_RANGES: Record<string, string> = {
  unspecified: "is the unspecified address",
  broadcast: "is the broadcast address",
  multicast: "is a multicast address",
  linkLocal: "is a link-local address",
  loopback: "is a loopback address",
  carrierGradeNat: "is carrier-grade NAT space (100.64.0.0/10), not reachable from the internet",
  private: "is a private (RFC 1918) address, not reachable from the internet",
  reserved: "is reserved (documentation, benchmarking or future use)",
  benchmarking: "is reserved for benchmarking (RFC 5180)",
  uniqueLocal: "is a unique-local (private) IPv6 address",
  ipv4Mapped: "is an IPv4-mapped IPv6 address; enter the IPv4 address instead",
  teredo: "is a Teredo address",
};

/** Why this text is not a public unicast IPv4/IPv6 address, or null if it is one. */
export function endpointRejectionReason(text: string): string | null {
  const wellFormed = ipaddr.IPv4.isValidFourPartDecimal(text) || (ipaddr.IPv6.isValid(text) && !text.includes("%"));
  if (!wellFormed) {
    return "must be an IPv4 or IPv6 address such as 203.0.113.7 (without a port or prefix length)";
  }
  const address = ipaddr.parse(text);
  if (isPublicUnicast(address)) return null;
  const range = address.range();
  // Unicast but outside 2000::/3: not globally routed.
  if (range === "unicast") return "is not a global unicast IPv6 address (2000::/3)";
  return `${text} ${NON_PUBLIC_RANGES[range] ?? `is not a public unicast address (${range})`}`;
}

/**
 * RPSL as-set names (RFC 2622): "AS-" names, optionally hierarchical with ASNs, e.g. AS-FOO or
 * AS64500:AS-CUSTOMERS. Letters, digits, "-" and "_" only, so nothing can break out of a config.
 */
const AS_SET = /^(?:AS\d{1,10}:)*AS-[A-Z0-9][A-Z0-9_-]{0,62}(?::(?:AS\d{1,10}|AS-[A-Z0-9][A-Z0-9_-]{0,62}))*$/;

export const asSetSchema = z
  .string()
  .trim()
  .toUpperCase()
  .max(128, "must be at most 128 characters")
  .regex(AS_SET, "must be an AS-SET name such as AS-EXAMPLE or AS64500:AS-CUSTOMERS");

/** A structured optional value (address, URL, AS-SET): its own schema decides what may be in it. */
const optionalValue = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .transform((value) => (value ? value : undefined));

const checkbox = z
  .union([z.boolean(), z.stringbool({ truthy: ["on", "true", "yes", "1"], falsy: ["off", "false", "no", "0", ""] })])
  .optional()
  .transform((value) => value ?? false);


export interface RequestPolicy {
  /** ALLOW_PRIVATE_ASNS: lab IXes may accept private-use ASNs. */
  allowPrivateAsns: boolean;
}

export function peeringRequestSchema(policy: RequestPolicy) {
  const fields = z.object({
    networkName: freeText({ max: 255 }).min(1, "is required"),
    asn: asnTextSchema.superRefine((asn, ctx) => {
      const reason = asnRejectionReason(asn, { allowPrivate: policy.allowPrivateAsns });
      if (reason) ctx.addIssue({ code: "custom", message: reason });
    }),
    contactEmail: emailSchema,
    website: optionalValue(255).pipe(
      z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: "must be a web address such as https://example.net" }).optional(),
    ),
    locationId: z.coerce.number({ error: "choose a POP" }).int("choose a POP").positive("choose a POP"),
    tunnelType: z.enum(TUNNEL_TYPES, { error: "choose a tunnel type" }),
    remoteEndpoint: optionalValue(64),
    wantsIpv4: checkbox,
    /** Whether the contact email may appear on /peers and in the IX-F export; private unless asked. */
    publishContact: checkbox,
    asSet: optionalValue(128).pipe(asSetSchema.optional()),
    comments: optionalFreeText({ max: 2000, multiline: true }),
    [HONEYPOT_FIELD]: z.string().optional(),
  });
  const endpointFields = fields.pick({ tunnelType: true, remoteEndpoint: true });

  return (
    fields
      // Runs even when other fields are wrong, so every field error shows at once.
      .superRefine(
        ({ tunnelType, remoteEndpoint }, ctx) => {
          const message = endpointProblem(tunnelType, remoteEndpoint);
          if (message) ctx.addIssue({ code: "custom", path: ["remoteEndpoint"], message });
        },
        { when: (payload) => endpointFields.safeParse(payload.value).success },
      )
      .transform((input) => ({ ...input, remoteEndpoint: normalEndpoint(input.tunnelType, input.remoteEndpoint) }))
  );
}

function endpointProblem(tunnelType: TunnelType, endpoint: string | undefined): string | null {
  const kind = ENDPOINT_KIND[tunnelType];
  if (kind === "none") return null;
  if (kind === "zerotier") {
    const parsed = zerotierNodeIdSchema.safeParse((endpoint ?? "").toLowerCase());
    return parsed.success ? null : "must be your ZeroTier node id: 10 hexadecimal digits, e.g. 89e92ceee5";
  }
  if (!endpoint) return kind === "ip" ? "your router's public IPv4 or IPv6 address is required for this tunnel type" : null;
  return endpointRejectionReason(endpoint);
}

/** The stored form: none for local/custom ports, lower-case node ids, canonical addresses. */
function normalEndpoint(tunnelType: TunnelType, endpoint: string | undefined): string | undefined {
  const kind = ENDPOINT_KIND[tunnelType];
  if (kind === "none" || !endpoint) return undefined;
  return kind === "zerotier" ? endpoint.toLowerCase() : ipaddr.parse(endpoint).toString();
}

export type PeeringRequestInput = z.input<ReturnType<typeof peeringRequestSchema>>;
export type PeeringRequest = z.output<ReturnType<typeof peeringRequestSchema>>;

/** Rejecting a request: the reason is emailed to the requester. */
export const rejectRequestSchema = z.object({
  requestId: z.coerce.number().int().positive(),
  reason: freeText({ max: 2000, multiline: true }).min(5, "say why, in a sentence the requester will read"),
});
/** The reason alone, for the API where the request's id is in the path. */
export const rejectReasonSchema = rejectRequestSchema.pick({ reason: true });

export const approveRequestSchema = z.object({
  requestId: z.coerce.number().int().positive(),
  /** Needed when the requester gave no proof of ASN holdership; kept in the audit log. */
  overrideReason: optionalFreeText({ max: 1000, multiline: true }),
});

/** Columns the admin requests table sorts by on the server. */
export const REQUEST_SORTS = ["created", "name", "asn", "state"] as const;
export type RequestSort = (typeof REQUEST_SORTS)[number];

/** Search, filter, sort and page of the admin requests table (query string and API). */
export const requestSearchSchema = z.object({
  q: freeText({ max: 100 }).optional().default(""),
  state: optionalChoice(REQUEST_STATES),
  sort: z.enum(REQUEST_SORTS, { error: `must be one of: ${REQUEST_SORTS.join(", ")}` }).optional().default("created"),
  dir: sortDirection("desc"),
  page: wholeNumber(1, 100_000).optional().default(1),
});
export type RequestSearch = z.output<typeof requestSearchSchema>;
