import { z } from "zod";
import { TUNNEL_TYPES } from "@/shared/enums";
import { requiredText } from "./form";
import { emailSchema } from "./user";

/** An IX-API key/secret pair for a portal user (admin UI, portal and CLI). */
export const ixapiCredentialInputSchema = z.object({
  name: requiredText(128),
  userEmail: emailSchema,
});
export type IxapiCredentialInput = z.output<typeof ixapiCredentialInputSchema>;

/** IX-API 2.x AuthTokenRequest: api_key is 16 characters, api_secret 86. */
export const ixapiAuthTokenRequestSchema = z.object({
  api_key: z.string().length(16, "must be 16 characters"),
  api_secret: z.string().length(86, "must be 86 characters"),
});

export const ixapiRefreshRequestSchema = z.object({
  refresh_token: z.string().min(1, "is required").max(4096),
});

/** Our ids are numbers, sent as strings as IX-API wants (a number is taken too). */
const idString = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim())
  .pipe(z.string().regex(/^[1-9]\d{0,9}$/, "must be the id of an existing object"));

const accountId = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim())
  .pipe(z.string().regex(/^(?:[1-9]\d{0,9}|ix)$/, "must be the id of an account"));

/**
 * IX-API ExchangeLanNetworkServiceConfigRequest, the fields this IX uses. Instead of a Connection (ports we
 * do not have), a new tunnel is described by the extension fields pop, tunnel_type and remote_endpoint;
 * `connection` may name one of the account's existing tunnels. The values then go through the peering
 * request schema (src/shared/validation/request.ts) like every other request.
 */
export const ixapiExchangeLanConfigRequestSchema = z
  .object({
    type: z.literal("exchange_lan", { error: "only exchange_lan network service configs can be created here" }),
    network_service: idString,
    product_offering: idString.optional(),
    managing_account: accountId,
    consuming_account: accountId,
    billing_account: accountId.optional(),
    role_assignments: z.array(z.string().max(80)).max(20).optional(),
    connection: idString.optional(),
    asns: z.array(z.union([z.number(), z.string()])).length(1, "give exactly one ASN per network service config"),
    listed: z.boolean().optional(),
    external_ref: z.string().max(128).nullable().optional(),
    purchase_order: z.string().max(80).optional(),
    contract_ref: z.string().max(128).nullable().optional(),
    capacity: z.number().int().min(1).nullable().optional(),
    vlan_config: z.object({ vlan_type: z.string() }).loose().optional(),
    pop: idString.optional(),
    tunnel_type: z.enum(TUNNEL_TYPES, { error: `must be one of ${TUNNEL_TYPES.join(", ")}` }).optional(),
    remote_endpoint: z.string().max(64).optional(),
    as_set: z.string().max(128).optional(),
    ipv4: z.boolean().optional(),
  })
  .superRefine((input, ctx) => {
    if (input.connection !== undefined) return;
    if (input.pop === undefined) ctx.addIssue({ code: "custom", path: ["pop"], message: "give connection (an existing tunnel) or pop and tunnel_type (a new one)" });
    if (input.tunnel_type === undefined) ctx.addIssue({ code: "custom", path: ["tunnel_type"], message: "give connection (an existing tunnel) or pop and tunnel_type (a new one)" });
  });
export type IxapiExchangeLanConfigRequest = z.output<typeof ixapiExchangeLanConfigRequestSchema>;
