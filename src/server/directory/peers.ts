import { and, asc, eq, inArray, notInArray } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, clients, connections, ips, locations } from "@/server/db/schema";
import type { BgpSessionState, TunnelType } from "@/shared/enums";
import { safeWebUrl } from "@/shared/web-url";
import { publicMemberClientIds, publishedContactEmails } from "./public-members";

export interface PublicPeer {
  key: number;
  name: string;
  website: string | null;
  /** Only what the member chose to publish. */
  contactEmails: string[];
  asns: {
    asn: number;
    asSet: string | null;
    routeServerClient: boolean;
    addresses: { family: number; address: string; routeServerSession: BgpSessionState }[];
  }[];
  connections: { locationCode: string; city: string; country: string; type: TunnelType }[];
}

/** Provisioned members grouped by client, for /peers. Only public columns are selected. */
export async function listPublicPeers(db: Executor): Promise<PublicPeer[]> {
  const memberIds = publicMemberClientIds(db);
  const clientRows = await db
    .select({
      id: clients.id,
      name: clients.name,
      website: clients.website,
      contactEmail: clients.contactEmail,
      nocEmail: clients.nocEmail,
      contactPrivate: clients.contactPrivate,
    })
    .from(clients)
    .where(inArray(clients.id, memberIds))
    .orderBy(asc(clients.name));

  const addressRows = await db
    .select({
      clientId: asns.clientId,
      asn: asns.asn,
      asSet: asns.asSet,
      rsClient: asns.rsClient,
      family: ips.family,
      address: ips.address,
      rsSession: ips.rsSession,
    })
    .from(ips)
    .innerJoin(asns, eq(asns.id, ips.asnId))
    .where(eq(ips.provisioned, true))
    .orderBy(asc(asns.asn), asc(ips.family), asc(ips.id));

  const connectionRows = await db
    .select({
      clientId: connections.clientId,
      locationCode: locations.code,
      city: locations.city,
      country: locations.country,
      type: connections.type,
    })
    .from(connections)
    .innerJoin(locations, eq(locations.id, connections.locationId))
    .where(and(inArray(connections.clientId, memberIds), notInArray(connections.state, ["decommissioned", "decommission_requested"])))
    .orderBy(asc(connections.id));

  const peers = new Map<number, PublicPeer>(
    clientRows.map((client) => [
      client.id,
      { key: client.id, name: client.name, website: safeWebUrl(client.website), contactEmails: publishedContactEmails(client), asns: [], connections: [] },
    ]),
  );
  for (const row of addressRows) {
    const peer = peers.get(row.clientId);
    if (!peer) continue;
    let asn = peer.asns.find((entry) => entry.asn === row.asn);
    if (!asn) {
      asn = { asn: row.asn, asSet: row.asSet, routeServerClient: row.rsClient, addresses: [] };
      peer.asns.push(asn);
    }
    asn.addresses.push({ family: row.family, address: row.address, routeServerSession: row.rsSession });
  }
  for (const row of connectionRows) {
    const { clientId, ...connection } = row;
    peers.get(clientId)?.connections.push(connection);
  }
  return [...peers.values()];
}
