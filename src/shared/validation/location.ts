import { z } from "zod";
import { LOCATION_MODES, TUNNEL_TYPES, TUNNEL_TYPE_LABELS, type TunnelType } from "@/shared/enums";
import { checkbox, idSchema, nestDottedKeys, optional, requiredText, stringList, wholeNumber } from "./form";
import { publicEndpointSchema } from "./ip";
import { parseTunnelParams, TUNNEL_PARAM_FIELDS, TUNNEL_TYPES_NEEDING_ENDPOINT, tunnelTypeSchema, type TunnelParams } from "./tunnel-params";

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
/** CLDR knows these groupings as regions, but they are not ISO 3166-1 countries. */
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"]);

export function countryName(code: string): string | null {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return null;
  const name = regionNames.of(code);
  return name && name !== code ? name : null;
}

export const countrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => countryName(code) !== null, "must be an ISO 3166-1 alpha-2 country code such as NL");

export const locationCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,16}$/, "must be 2 to 16 letters or digits, e.g. FMT");

const hostnameOrAddress = z
  .string()
  .trim()
  .max(255)
  .regex(/^[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?$/, "must be a host name or an address");

export type OfferedTunnelTypes = Partial<{ [T in TunnelType]: TunnelParams[T] }>;

/**
 * A form sends the offered types as repeated "offers" keys and parameters as "params.<type>.<field>";
 * JSON sends { tunnelTypes: { vxlan: { udpPort: 4789 } } }. Both end up as the JSON shape.
 */
function formToTunnelTypes(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null || "tunnelTypes" in raw) return raw;
  const flat = raw as Record<string, unknown>;
  const offers = stringList.safeParse(flat.offers);
  const params = nestDottedKeys(flat, "params");
  const tunnelTypes = Object.fromEntries((offers.success ? offers.data : []).map((type) => [type, params[type] ?? {}]));
  return { ...flat, tunnelTypes };
}

function paramLabel(type: TunnelType, field: string): string {
  return TUNNEL_PARAM_FIELDS[type].find((f) => f.name === field)?.label ?? field;
}

/** { type: params } with each type's params checked by its own schema; errors carry the path [type, field]. */
const offeredTunnelTypesSchema = z
  .record(z.string(), z.unknown(), { error: "must map tunnel types to their parameters" })
  .transform((raw, ctx) => {
    const offered: OfferedTunnelTypes = {};
    for (const [key, params] of Object.entries(raw)) {
      const known = tunnelTypeSchema.safeParse(key);
      if (!known.success) {
        ctx.addIssue({ code: "custom", path: [key], message: `${key} is not a tunnel type (one of: ${TUNNEL_TYPES.join(", ")})` });
        continue;
      }
      const type = known.data;
      const parsed = parseTunnelParams(type, params);
      if (parsed.ok) Object.assign(offered, { [type]: parsed.params });
      else
        for (const issue of parsed.issues) {
          ctx.addIssue({ code: "custom", path: [type, issue.field], message: `${TUNNEL_TYPE_LABELS[type]} ${paramLabel(type, issue.field)}: ${issue.message}` });
        }
    }
    if (Object.keys(raw).length === 0) ctx.addIssue({ code: "custom", message: "a POP must offer at least one tunnel type" });
    return offered;
  });

/** Adding or editing a POP: one form, no code or schema change. */
export const locationInputSchema = z
  .preprocess(
    formToTunnelTypes,
    z.object({
      code: locationCodeSchema,
      name: requiredText(128),
      city: requiredText(128),
      country: countrySchema,
      endpointIpv4: optional(publicEndpointSchema("ipv4")),
      endpointIpv6: optional(publicEndpointSchema("ipv6")),
      managementHost: optional(hostnameOrAddress),
      mode: z.enum(LOCATION_MODES, { error: "must be full or satellite" }).default("full"),
      uplinkLocationId: optional(idSchema),
      meshVni: optional(wholeNumber(1, 16_777_215)),
      peeringdbFacilityId: optional(wholeNumber(1, 2 ** 31 - 1)),
      active: checkbox,
      tunnelTypes: offeredTunnelTypesSchema,
    }),
  )
  .transform((input, ctx) => {
    const needsEndpoint = TUNNEL_TYPES_NEEDING_ENDPOINT.filter((type) => type in input.tunnelTypes);
    if (needsEndpoint.length > 0 && !input.endpointIpv4 && !input.endpointIpv6) {
      ctx.addIssue({
        code: "custom",
        path: ["endpointIpv4"],
        message: `members of ${needsEndpoint.map((t) => TUNNEL_TYPE_LABELS[t]).join(", ")} need a public endpoint: give an IPv4 or IPv6 address`,
      });
    }
    if (input.mode === "satellite" && input.uplinkLocationId === null) {
      ctx.addIssue({ code: "custom", path: ["uplinkLocationId"], message: "a satellite POP needs the full POP it hangs off" });
    }
    return { ...input, uplinkLocationId: input.mode === "satellite" ? input.uplinkLocationId : null };
  });

export type LocationInput = z.output<typeof locationInputSchema>;

export const locationUpdateSchema = z.intersection(z.object({ id: idSchema }), locationInputSchema);
export type LocationUpdate = z.output<typeof locationUpdateSchema>;
