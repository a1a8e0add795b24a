import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Database, Executor, Transaction } from "@/server/db/client";
import { allocationLocks, ips, lanReservations, locations, peeringLans, routeServers, connections } from "@/server/db/schema";
import type { TunnelType } from "@/shared/enums";
import { AllocationError, canonicalAddress, firstFreeAddress, ipv6ForMember, type LanPlan } from "./addresses";

/**
 * Allocation inside an approval transaction. Concurrent approvals serialise on allocation_locks rows
 * (SELECT ... FOR UPDATE, always LAN before tunnel), read what is used after taking the lock, and the
 * unique indexes on ips.address and connections(location, type, tunnel_id) are the final guard.
 * The transaction must run at READ COMMITTED so reads after the lock see what others just committed.
 */

/** Tunnel ids per type: VXLAN VNIs are 24 bits, EoIP ids 16 bits; OpenVPN and ZeroTier get a sequence number. */
export const TUNNEL_ID_RANGES: Record<TunnelType, { first: number; last: number } | null> = {
  vxlan: { first: 100, last: 16_777_215 },
  eoip: { first: 100, last: 65_535 },
  openvpn: { first: 100, last: 16_777_215 },
  zerotier: { first: 100, last: 16_777_215 },
  local: null,
  custom: null,
};

export const lanLockName = (lanId: number) => `lan:${lanId}`;
export const tunnelLockName = (locationId: number, type: TunnelType) => `tunnel:${locationId}:${type}`;

/** Lock rows are created up front, outside the transaction: inserting them inside could deadlock two approvals. */
export async function ensureLockRows(db: Database, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await db.insert(allocationLocks).ignore().values(names.map((name) => ({ name })));
}

export async function takeLock(tx: Transaction, name: string): Promise<void> {
  const [row] = await tx.select({ version: allocationLocks.version }).from(allocationLocks).where(eq(allocationLocks.name, name)).for("update");
  if (!row) throw new Error(`allocation lock ${name} is missing; call ensureLockRows first`);
  await tx.update(allocationLocks).set({ version: sql`${allocationLocks.version} + 1` }).where(eq(allocationLocks.name, name));
}

/** The LAN new members get addresses on: the active one with the lowest id. */
export async function defaultLan(db: Executor) {
  const [lan] = await db
    .select({ id: peeringLans.id, name: peeringLans.name, ipv4Prefix: peeringLans.ipv4Prefix, ipv6Prefix: peeringLans.ipv6Prefix, allocationScheme: peeringLans.allocationScheme })
    .from(peeringLans)
    .where(eq(peeringLans.active, true))
    .orderBy(asc(peeringLans.id))
    .limit(1);
  if (!lan) throw new AllocationError("there is no active peering LAN to allocate addresses from; add one first");
  return lan;
}

export type LanRow = Awaited<ReturnType<typeof defaultLan>>;

/** Addresses taken on a LAN: member IPs plus route-server addresses (which should also be reserved). */
async function usedAddresses(tx: Transaction, lanId: number): Promise<Set<string>> {
  const used = new Set((await tx.select({ address: ips.address }).from(ips).where(eq(ips.lanId, lanId))).map((r) => r.address));
  for (const rs of await tx.select({ v4: routeServers.ipv4Address, v6: routeServers.ipv6Address }).from(routeServers).where(eq(routeServers.lanId, lanId))) {
    for (const address of [rs.v4, rs.v6]) if (address) used.add(canonicalAddress(address));
  }
  return used;
}

/** New addresses for one ASN on the LAN; call with the LAN lock held. */
export async function allocateAddresses(tx: Transaction, lan: LanRow, member: { asn: number; ipv4: boolean; ipv6: boolean }) {
  const reservations = await tx
    .select({ family: lanReservations.family, firstAddress: lanReservations.firstAddress, lastAddress: lanReservations.lastAddress })
    .from(lanReservations)
    .where(eq(lanReservations.lanId, lan.id));
  const plan: LanPlan = { ...lan, reservations };
  const used = await usedAddresses(tx, lan.id);
  let ipv4: string | null = null;
  if (member.ipv4) {
    if (!lan.ipv4Prefix) throw new AllocationError(`the ${lan.name} has no IPv4 prefix; approve without IPv4 or add one`);
    ipv4 = firstFreeAddress(plan, 4, used);
    used.add(ipv4);
  }
  const ipv6 = member.ipv6 ? ipv6ForMember(plan, { asn: member.asn, ipv4 }, used) : null;
  return { ipv4, ipv6 };
}

/** The lowest free tunnel id for a POP and type (never a POP mesh VNI); call with the tunnel lock held. */
export async function allocateTunnelId(tx: Transaction, locationId: number, type: TunnelType): Promise<number | null> {
  const range = TUNNEL_ID_RANGES[type];
  if (!range) return null;
  const taken = new Set(
    (
      await tx
        .select({ id: connections.tunnelId })
        .from(connections)
        .where(and(eq(connections.locationId, locationId), eq(connections.type, type), isNotNull(connections.tunnelId)))
    ).map((r) => r.id),
  );
  if (type === "vxlan") {
    for (const row of await tx.select({ vni: locations.meshVni }).from(locations).where(isNotNull(locations.meshVni))) taken.add(row.vni);
  }
  for (let id = range.first; id <= range.last; id++) if (!taken.has(id)) return id;
  throw new AllocationError(`no free ${type} tunnel id is left at this POP (${range.first}-${range.last} are all in use)`);
}
