import { z } from "zod";
import { API_SCOPE_NAMES, type ApiScope } from "@/shared/api-scopes";
import { optional, requiredText, wholeNumber } from "./form";
import { isIpAddressOrPrefix } from "./ip";
import { emailSchema } from "./user";

/** A list given as an array (JSON, repeated form keys) or as one text with commas, spaces or line breaks (CLI, text field). */
const listOf = (value: unknown) =>
  value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).flatMap((item) => (typeof item === "string" ? item.split(/[\s,]+/) : [item])).filter((item) => item !== "");

export const apiScopesSchema = z.preprocess(
  listOf,
  z.array(z.enum(API_SCOPE_NAMES, { error: (issue) => `"${String(issue.input)}" is not a scope; scopes are ${API_SCOPE_NAMES.join(", ")}` })).min(1, "pick at least one scope"),
);

/** Client addresses or prefixes a token may be used from; empty: anywhere. */
export const allowedAddressesSchema = z.preprocess(
  listOf,
  z.array(z.string().refine(isIpAddressOrPrefix, { error: (issue) => `"${String(issue.input)}" is not an address or prefix such as 192.0.2.7 or 2001:db8::/48` })).max(50, "at most 50 addresses or prefixes"),
);

/** An API token for a portal user: its scopes, never beyond what the user's role allows. */
export const apiTokenInputSchema = z.object({
  name: requiredText(128),
  userEmail: emailSchema,
  scopes: apiScopesSchema,
  expiresInDays: optional(wholeNumber(1, 3650)),
  allowedAddresses: allowedAddressesSchema,
});
/** What callers pass (lists may also be one comma-separated text, as the CLI and the form send them). */
export interface ApiTokenInput {
  name: string;
  userEmail: string;
  scopes: readonly ApiScope[] | string;
  expiresInDays?: number | string | null;
  allowedAddresses?: readonly string[] | string;
}
