import { asns, clients, connections, ips } from "@/server/db/schema";
import type { Database } from "@/server/db/client";

let nextAsn = 4_200_100_000;

/** A member with one connection at a POP and, optionally, one address on the LAN. */
export async function addMaintenanceMember(
  db: Database,
  options: { name: string; locationId: number; lanId: number; address?: string; provisioned?: boolean; rsClient?: boolean; decommissioned?: boolean; nocEmail?: string },
): Promise<{ clientId: number; email: string }> {
  const email = `contact@${options.name.toLowerCase().replace(/\W+/g, "-")}.example`;
  const state = options.decommissioned ? ("decommissioned" as const) : ("production" as const);
  const [client] = await db.insert(clients).values({ name: options.name, contactEmail: email, nocEmail: options.nocEmail ?? null, state }).$returningId();
  const [asn] = await db.insert(asns).values({ asn: nextAsn++, clientId: client!.id, rsClient: options.rsClient ?? true }).$returningId();
  const [connection] = await db.insert(connections).values({ clientId: client!.id, locationId: options.locationId, type: "vxlan", params: {}, macAddresses: [], state }).$returningId();
  if (options.address) {
    await db.insert(ips).values({ lanId: options.lanId, family: 4, address: options.address, asnId: asn!.id, connectionId: connection!.id, provisioned: options.provisioned ?? true, state });
  }
  return { clientId: client!.id, email: options.nocEmail ?? email };
}
