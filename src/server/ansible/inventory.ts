import { asc, eq } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { locations, routeServers } from "@/server/db/schema";

/** Ansible dynamic inventory (the JSON `--list` protocol) built from the POPs and route servers in the database. */

export interface InventoryPop {
  code: string;
  managementHost: string | null;
  active: boolean;
}

export interface InventoryRouteServer {
  name: string;
  locationCode: string;
  sshHost: string | null;
  sshUser: string | null;
  controlSocket: string;
  active: boolean;
}

export interface Inventory {
  tunnel_servers: { hosts: string[] };
  route_servers: { hosts: string[] };
  _meta: { hostvars: Record<string, Record<string, unknown>> };
}

export const tunnelServerHost = (code: string) => `tunnel-${code.toLowerCase().replace(/[^a-z0-9]/g, "")}`;
export const routeServerHost = (name: string) => `rs-${name.toLowerCase().replace(/[^a-z0-9-]/g, "")}`;

/** Pure. Inactive POPs and route servers are left out, so a playbook never touches a retired host. */
export function buildInventory(pops: readonly InventoryPop[], servers: readonly InventoryRouteServer[]): Inventory {
  const hostvars: Record<string, Record<string, unknown>> = {};
  const tunnelHosts: string[] = [];
  for (const pop of pops.filter((p) => p.active)) {
    const host = tunnelServerHost(pop.code);
    tunnelHosts.push(host);
    hostvars[host] = { ansible_host: pop.managementHost ?? host, ixp_location: pop.code };
  }
  const rsHosts: string[] = [];
  for (const rs of servers.filter((s) => s.active)) {
    const host = routeServerHost(rs.name);
    rsHosts.push(host);
    // Without an SSH host BIRD runs beside the portal (its control socket is local), as deploy assumes too.
    const reach = rs.sshHost ? { ansible_host: rs.sshHost, ...(rs.sshUser ? { ansible_user: rs.sshUser } : {}) } : { ansible_connection: "local" };
    hostvars[host] = { ...reach, ixp_route_server: rs.name, ixp_location: rs.locationCode, bird_control_socket: rs.controlSocket };
  }
  return { tunnel_servers: { hosts: tunnelHosts }, route_servers: { hosts: rsHosts }, _meta: { hostvars } };
}

export async function loadInventory(db: Executor): Promise<Inventory> {
  const pops = await db.select({ code: locations.code, managementHost: locations.managementHost, active: locations.active }).from(locations).orderBy(asc(locations.code));
  const servers = await db
    .select({ name: routeServers.name, locationCode: locations.code, sshHost: routeServers.sshHost, sshUser: routeServers.sshUser, controlSocket: routeServers.controlSocket, active: routeServers.active })
    .from(routeServers)
    .innerJoin(locations, eq(locations.id, routeServers.locationId))
    .orderBy(asc(routeServers.name));
  return buildInventory(pops, servers);
}
