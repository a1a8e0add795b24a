import { MANAGED_PREFIX } from "./desired-state";

/** Interface names on the tunnel server; all start with MANAGED_PREFIX and fit the kernel's 15 characters. */
export const tunnelInterfaceNames = {
  vxlanMember: (vni: number) => `${MANAGED_PREFIX}v${vni}`,
  eoipMember: (tunnelId: number) => `${MANAGED_PREFIX}e${tunnelId}`,
  openvpn: `${MANAGED_PREFIX}ovpn`,
  mesh: `${MANAGED_PREFIX}mesh`,
  /** At a hub: the link down to one satellite. */
  satellite: (locationId: number) => `${MANAGED_PREFIX}s${locationId}`,
  /** At a satellite: the link up to its hub. */
  uplink: (locationId: number) => `${MANAGED_PREFIX}u${locationId}`,
};

/** The member's own interface name for a tunnel to one POP: ix-<code>, safe for any platform. */
export function memberInterfaceName(locationCode: string): string {
  return `ix-${locationCode.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 12) || "pop"}`;
}
