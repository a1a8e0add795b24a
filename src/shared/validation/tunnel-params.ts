import { z } from "zod";
import { TUNNEL_TYPES, type TunnelType } from "@/shared/enums";
import { wholeNumber } from "./form";
import { optionalFreeText } from "./text";
import { zerotierNetworkIdSchema } from "./zerotier";

/**
 * Per tunnel type, the parameters a POP sets for it (stored in location_tunnel_types.params).
 * The one place these rules live: the POP form, the API, the config generators and the CLI all use it.
 */

const port = wholeNumber(1, 65535);
/** A tunnel-server interface bridged into the IX bridge (Linux names: at most 15 characters). */
// Never a leading "-": the agent passes it to `ip` as an argument, where it would read as an option.
const bridgePort = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/, "must be an interface name (up to 15 letters, digits, . _ -, starting with a letter or digit)");

export const tunnelParamsSchemas = {
  vxlan: z.strictObject({ udpPort: port.default(4789) }),
  eoip: z.strictObject({}),
  openvpn: z.strictObject({ port: port.default(1194), protocol: z.enum(["udp", "tcp"], { error: "must be udp or tcp" }).default("udp") }),
  zerotier: z.strictObject({
    networkId: z.string().trim().toLowerCase().pipe(zerotierNetworkIdSchema),
  }),
  local: z.strictObject({ bridgePort: bridgePort.optional() }),
  custom: z.strictObject({ bridgePort: bridgePort.optional(), description: optionalFreeText({ max: 255 }) }),
} satisfies Record<TunnelType, z.ZodType>;

export type TunnelParams = { [T in TunnelType]: z.output<(typeof tunnelParamsSchemas)[T]> };

/** What the POP form shows for each type's parameters. */
export interface TunnelParamField {
  name: string;
  label: string;
  kind: "number" | "text" | "select";
  options?: readonly string[];
  placeholder?: string;
}

export const TUNNEL_PARAM_FIELDS: Record<TunnelType, readonly TunnelParamField[]> = {
  vxlan: [{ name: "udpPort", label: "UDP port", kind: "number", placeholder: "4789" }],
  eoip: [],
  openvpn: [
    { name: "port", label: "Port", kind: "number", placeholder: "1194" },
    { name: "protocol", label: "Protocol", kind: "select", options: ["udp", "tcp"] },
  ],
  zerotier: [{ name: "networkId", label: "Network id", kind: "text", placeholder: "8056c2e21c000001" }],
  local: [{ name: "bridgePort", label: "Bridge port", kind: "text", placeholder: "eth1" }],
  custom: [
    { name: "bridgePort", label: "Bridge port", kind: "text", placeholder: "eth2" },
    { name: "description", label: "Description", kind: "text" },
  ],
};

/**
 * A tunnel type's parameters as people read them, labelled from TUNNEL_PARAM_FIELDS (never the stored key names).
 * Keys that are not parameters of the type are not shown.
 */
export function tunnelParamEntries(type: TunnelType, params: Record<string, unknown>): { label: string; value: string }[] {
  return TUNNEL_PARAM_FIELDS[type]
    .filter((field) => params[field.name] !== undefined && params[field.name] !== null && params[field.name] !== "")
    .map((field) => ({ label: field.label, value: String(params[field.name]) }));
}

/** The same as one line each, e.g. "UDP port: 4789". */
export function describeTunnelParams(type: TunnelType, params: Record<string, unknown>): string[] {
  return tunnelParamEntries(type, params).map(({ label, value }) => `${label}: ${value}`);
}

/** Types whose members point a tunnel at the POP's public endpoint, so the POP needs one. */
export const TUNNEL_TYPES_NEEDING_ENDPOINT: readonly TunnelType[] = ["vxlan", "eoip", "openvpn"];

export type TunnelParamsResult<T extends TunnelType> =
  | { ok: true; params: TunnelParams[T] }
  | { ok: false; issues: { field: string; message: string }[] };

export function parseTunnelParams<T extends TunnelType>(type: T, raw: unknown): TunnelParamsResult<T> {
  const parsed = tunnelParamsSchemas[type].safeParse(raw ?? {});
  if (parsed.success) return { ok: true, params: parsed.data as TunnelParams[T] };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      field: issue.code === "unrecognized_keys" ? issue.keys.join(", ") : issue.path.join("."),
      message: issue.code === "unrecognized_keys" ? `is not a parameter of ${type}` : issue.message,
    })),
  };
}

export const tunnelTypeSchema = z.enum(TUNNEL_TYPES, { error: `must be one of: ${TUNNEL_TYPES.join(", ")}` });
