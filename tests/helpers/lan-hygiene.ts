import { eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { connections } from "@/server/db/schema";
import { addLan, addMember, addPop } from "./tunnel-fixtures";

/**
 * One POP ("LH") whose members sit on local bridge ports, as the LAN hygiene tests need them:
 * Alpha (port lhA, 198.18.0.10, MAC 02:00:00:00:0a:01), Bravo (lhB, 198.18.0.11, 02:00:00:00:0b:01),
 * Charlie (lhC, 198.18.0.12, 02:00:00:00:0c:01).
 */
export const LAN_MEMBERS = {
  alpha: { port: "lhA", ip: "198.18.0.10", mac: "02:00:00:00:0a:01", asn: 64610 },
  bravo: { port: "lhB", ip: "198.18.0.11", mac: "02:00:00:00:0b:01", asn: 64611 },
  charlie: { port: "lhC", ip: "198.18.0.12", mac: "02:00:00:00:0c:01", asn: 64612 },
} as const;

export type LanMemberName = keyof typeof LAN_MEMBERS;

export async function addLanHygienePop(db: Database): Promise<{ locationId: number; members: Record<LanMemberName, { clientId: number; connectionId: number }> }> {
  const lanId = await addLan(db);
  const locationId = await addPop(db, { code: "LH", endpointIpv4: "192.0.2.1", types: { local: {} } });
  const members = {} as Record<LanMemberName, { clientId: number; connectionId: number }>;
  for (const [name, m] of Object.entries(LAN_MEMBERS)) {
    const created = await addMember(db, { name: name[0]!.toUpperCase() + name.slice(1), asn: m.asn, locationId, lanId, type: "local", tunnelId: null, remoteEndpoint: null, params: { bridgePort: m.port }, addresses: [{ address: m.ip, family: 4 }] });
    await db.update(connections).set({ macAddresses: [m.mac] }).where(eq(connections.id, created.connectionId));
    members[name as LanMemberName] = created;
  }
  return { locationId, members };
}
