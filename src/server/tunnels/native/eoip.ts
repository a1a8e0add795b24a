import { isIP } from "node:net";
import type { ConnectionRow, PopRow } from "../model";
import { popEndpointFor } from "../desired";
import { tunnelInterfaceNames } from "../names";
import { TunnelConfigError } from "../params";
import { commentText } from "../text";

/**
 * Pure: server-side EoIP config for a userspace MikroTik-compatible daemon (`eoip IFNAME local A
 * remote B id N`, which opens the persistent tap the agent created). One environment file per
 * tunnel feeds the systemd template unit eoip@<interface>.service that Ansible installs; systemd
 * passes each ${VAR} as one argument, so no shell ever sees these values.
 */

export interface EoipTunnel {
  interface: string;
  tunnelId: number;
  local: string;
  remote: string;
  family: 4 | 6;
}

/** MikroTik's EoIP tunnel id is 16 bits. */
export const EOIP_MAX_TUNNEL_ID = 65_535;

export function eoipTunnel(pop: PopRow, connection: ConnectionRow): EoipTunnel {
  const tunnelId = connection.tunnelId;
  if (tunnelId === null || tunnelId < 0 || tunnelId > EOIP_MAX_TUNNEL_ID) throw new TunnelConfigError(`connection #${connection.id}: EoIP tunnel id must be 0-${EOIP_MAX_TUNNEL_ID}`);
  const remote = connection.remoteEndpoint ?? "";
  const family = isIP(remote);
  if (family === 0) throw new TunnelConfigError(`connection #${connection.id} (eoip): remote endpoint ${JSON.stringify(remote)} is not an IP address`);
  return { interface: tunnelInterfaceNames.eoipMember(tunnelId), tunnelId, local: popEndpointFor(pop, remote), remote, family: family as 4 | 6 };
}

export function eoipEnvironmentFile(tunnel: EoipTunnel, connection: ConnectionRow): string {
  return [
    `# EoIP tunnel for connection #${connection.id} ${commentText(connection.clientName)}`,
    `EOIP_FAMILY=-${tunnel.family}`,
    `EOIP_LOCAL=${tunnel.local}`,
    `EOIP_REMOTE=${tunnel.remote}`,
    `EOIP_TUNNEL_ID=${tunnel.tunnelId}`,
    "",
  ].join("\n");
}
