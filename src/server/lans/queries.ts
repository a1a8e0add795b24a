import { asc, count, eq } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { ips, lanReservations, peeringLans } from "@/server/db/schema";

const lanColumns = {
  id: peeringLans.id,
  name: peeringLans.name,
  ipv4Prefix: peeringLans.ipv4Prefix,
  ipv6Prefix: peeringLans.ipv6Prefix,
  allocationScheme: peeringLans.allocationScheme,
  ixfVlanId: peeringLans.ixfVlanId,
  vlanTag: peeringLans.vlanTag,
  mtu: peeringLans.mtu,
  active: peeringLans.active,
};

const reservationColumns = {
  id: lanReservations.id,
  lanId: lanReservations.lanId,
  family: lanReservations.family,
  firstAddress: lanReservations.firstAddress,
  lastAddress: lanReservations.lastAddress,
  purpose: lanReservations.purpose,
};

export async function listLans(db: Executor) {
  const lans = await db.select(lanColumns).from(peeringLans).orderBy(asc(peeringLans.name));
  const used = await db.select({ lanId: ips.lanId, n: count() }).from(ips).groupBy(ips.lanId);
  const reservations = await db.select(reservationColumns).from(lanReservations).orderBy(asc(lanReservations.family), asc(lanReservations.id));
  return lans.map((lan) => ({
    ...lan,
    usedAddresses: used.find((u) => u.lanId === lan.id)?.n ?? 0,
    reservations: reservations.filter((r) => r.lanId === lan.id),
  }));
}

export async function getLan(db: Executor, id: number) {
  const [lan] = await db.select(lanColumns).from(peeringLans).where(eq(peeringLans.id, id));
  if (!lan) return null;
  const reservations = await db.select(reservationColumns).from(lanReservations).where(eq(lanReservations.lanId, id)).orderBy(asc(lanReservations.id));
  return { ...lan, reservations };
}

export type LanDetail = NonNullable<Awaited<ReturnType<typeof getLan>>>;
