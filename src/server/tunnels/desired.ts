import { isIP } from "node:net";
import { desiredStateSchema, type DesiredInterface, type DesiredState, type MacFilter } from "./desired-state";
import { meshFor } from "./mesh";
import { LIVE_CONNECTION_STATES, type ConnectionRow, type PopRow, type TunnelSettings } from "./model";
import { tunnelInterfaceNames } from "./names";
import { parseConnectionParams, parseLocationParams, TunnelConfigError } from "./params";

/** Pure: one POP's desired state (bridge, member tunnels, bridge ports, mesh) from its rows. */

export function popEndpointFor(pop: PopRow, remote: string): string {
  const local = isIP(remote) === 6 ? pop.endpointIpv6 : pop.endpointIpv4;
  if (!local) throw new TunnelConfigError(`POP ${pop.code} has no IPv${isIP(remote)} endpoint for a tunnel to ${remote}`);
  return local;
}

function requireTunnelId(connection: ConnectionRow): number {
  if (connection.tunnelId === null) throw new TunnelConfigError(`connection #${connection.id} (${connection.type}) has no tunnel id`);
  return connection.tunnelId;
}

function requireEndpoint(connection: ConnectionRow): string {
  const endpoint = connection.remoteEndpoint ?? "";
  if (isIP(endpoint) === 0) throw new TunnelConfigError(`connection #${connection.id} (${connection.type}): remote endpoint ${JSON.stringify(endpoint)} is not an IP address`);
  return endpoint;
}

function memberInterface(pop: PopRow, connection: ConnectionRow): DesiredInterface | null {
  const where = `connection #${connection.id}`;
  const comment = `connection #${connection.id} ${connection.clientName}`.slice(0, 200);
  switch (connection.type) {
    case "vxlan": {
      const offered = parseLocationParams("vxlan", pop.tunnelTypes.vxlan, `POP ${pop.code}`);
      const own = parseConnectionParams("vxlan", connection.params, where);
      const vni = requireTunnelId(connection);
      const remote = requireEndpoint(connection);
      return { kind: "vxlan", name: tunnelInterfaceNames.vxlanMember(vni), vni, port: own.udpPort ?? offered.udpPort, remote, local: popEndpointFor(pop, remote), flood: [], learning: true, role: "member", comment };
    }
    case "eoip":
      return { kind: "tap", name: tunnelInterfaceNames.eoipMember(requireTunnelId(connection)), role: "eoip", comment };
    case "local":
    case "custom": {
      const offered = parseLocationParams(connection.type, pop.tunnelTypes[connection.type], `POP ${pop.code}`);
      const port = parseConnectionParams(connection.type, connection.params, where).bridgePort ?? offered.bridgePort;
      return port ? { kind: "port", name: port, role: connection.type, comment } : null;
    }
    // OpenVPN members share the POP's one tap; ZeroTier lives on the controller, not the tunnel server.
    case "openvpn":
    case "zerotier":
      return null;
  }
}

/**
 * Each member port locked to the MACs registered on the connections behind it. A port stays open while any of its
 * connections has none registered (it would cut that member off).
 */
function macFilterFor(pop: PopRow, live: readonly ConnectionRow[]): MacFilter[] {
  const macs = new Map<string, Set<string> | null>();
  for (const connection of live) {
    const port = bridgePortOf(pop, connection);
    if (!port) continue;
    const allowed = macs.has(port) ? macs.get(port)! : new Set<string>();
    macs.set(port, allowed && connection.macAddresses.length ? new Set([...allowed, ...connection.macAddresses.map((mac) => mac.toLowerCase())]) : null);
  }
  return [...macs].flatMap(([port, allowed]) => (allowed ? [{ port, macs: [...allowed].sort() }] : []));
}

export function buildDesiredState(pop: PopRow, pops: readonly PopRow[], connections: readonly ConnectionRow[], settings: TunnelSettings): DesiredState {
  const live = connections
    .filter((c) => c.locationId === pop.id && LIVE_CONNECTION_STATES.includes(c.state) && pop.tunnelTypes[c.type] !== undefined)
    .sort((a, b) => a.id - b.id);
  const interfaces: DesiredInterface[] = [];
  const ports = new Set<string>();
  for (const connection of live) {
    const item = memberInterface(pop, connection);
    // Several local/custom connections may share one physical port.
    if (!item || (item.kind === "port" && ports.has(item.name))) continue;
    if (item.kind === "port") ports.add(item.name);
    interfaces.push(item);
  }
  if (pop.tunnelTypes.openvpn !== undefined) {
    interfaces.push({ kind: "tap", name: tunnelInterfaceNames.openvpn, role: "openvpn", comment: "OpenVPN tap server" });
  }
  const mesh = meshFor(pop, pops, settings);
  interfaces.push(...mesh.interfaces);
  const macFilter = pop.enforceRegisteredMacs ? macFilterFor(pop, live) : [];
  const result = desiredStateSchema.safeParse({
    version: 1,
    location: pop.code,
    bridge: { name: settings.bridgeName, mtu: 1500 },
    interfaces,
    mesh: mesh.links,
    macFilter,
  });
  if (!result.success) throw new TunnelConfigError(`POP ${pop.code}: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return result.data;
}

/** The bridge port a connection's frames enter by: its own tunnel interface or port, or the POP's shared OpenVPN tap. */
export function bridgePortOf(pop: PopRow, connection: ConnectionRow): string | null {
  if (connection.type === "openvpn") return tunnelInterfaceNames.openvpn;
  return memberInterface(pop, connection)?.name ?? null;
}
