import { z } from "zod";
import { DomainError } from "@/server/errors";
import type { TunnelType } from "@/shared/enums";
import { tunnelParamsSchemas, type TunnelParams } from "@/shared/validation/tunnel-params";
import { interfaceName } from "./desired-state";

/**
 * Per-type parameters: what a POP offers (location_tunnel_types.params) and what one connection
 * overrides (connections.params). One schema each, shared by forms, API, CLI and generators.
 */

const udpPort = z.coerce.number().int().min(1).max(65_535);

/** What a POP offers per type: the same schema the POP form and API use. */
export const locationTunnelParamsSchemas = tunnelParamsSchemas;

export const connectionParamsSchemas = {
  vxlan: z.object({ udpPort: udpPort.optional() }),
  eoip: z.object({}),
  openvpn: z.object({}),
  zerotier: z.object({}),
  local: z.object({ bridgePort: interfaceName.optional() }),
  custom: z.object({ bridgePort: interfaceName.optional() }),
} satisfies Record<TunnelType, z.ZodType>;

export type LocationTunnelParams = TunnelParams;
export type ConnectionParams = { [T in TunnelType]: z.infer<(typeof connectionParamsSchemas)[T]> };


export function parseLocationParams<T extends TunnelType>(type: T, params: unknown, where: string): LocationTunnelParams[T] {
  const result = locationTunnelParamsSchemas[type].safeParse(params ?? {});
  if (!result.success) throw new TunnelConfigError(`${where}: ${type} parameters: ${result.error.issues.map((i) => `${i.path.join(".") || "value"} ${i.message}`).join("; ")}`);
  return result.data as LocationTunnelParams[T];
}

export function parseConnectionParams<T extends TunnelType>(type: T, params: unknown, where: string): ConnectionParams[T] {
  const result = connectionParamsSchemas[type].safeParse(params ?? {});
  if (!result.success) throw new TunnelConfigError(`${where}: ${type} parameters: ${result.error.issues.map((i) => `${i.path.join(".") || "value"} ${i.message}`).join("; ")}`);
  return result.data as ConnectionParams[T];
}

/** DB contents a generator cannot turn into a safe config; the message names the row. */
export class TunnelConfigError extends DomainError {}
