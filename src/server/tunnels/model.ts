import type { LifecycleState, LocationMode, TunnelType } from "@/shared/enums";

/** Plain rows the pure generators take; load.ts fills them from the database. */

export interface PopRow {
  id: number;
  code: string;
  name: string;
  endpointIpv4: string | null;
  endpointIpv6: string | null;
  managementHost: string | null;
  mode: LocationMode;
  uplinkLocationId: number | null;
  meshVni: number | null;
  active: boolean;
  /** LAN hygiene: lock member ports to their registered MACs. */
  enforceRegisteredMacs: boolean;
  /** Only enabled types, with their raw params. */
  tunnelTypes: Partial<Record<TunnelType, unknown>>;
}

export interface ConnectionRow {
  id: number;
  clientId: number;
  clientName: string;
  locationId: number;
  type: TunnelType;
  tunnelId: number | null;
  remoteEndpoint: string | null;
  params: unknown;
  /** Registered MAC addresses: the allowed list on the IX bridge. */
  macAddresses: string[];
  state: LifecycleState;
}

export interface TunnelSettings {
  bridgeName: string;
  meshVni: number;
  meshPort: number;
  /** Where the rendered OpenVPN files live on the tunnel server. */
  openvpnDir: string;
}

/** Connections that exist on the tunnel server: approved and not yet torn down. */
export const LIVE_CONNECTION_STATES: readonly LifecycleState[] = ["allocated", "testing", "production", "decommission_requested"];
