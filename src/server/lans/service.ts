import { and, eq, ne, or } from "drizzle-orm";
import { auditedChange, writeAudit } from "@/server/audit/log";
import { lockRow } from "@/server/db/lock-row";
import type { Database, Executor } from "@/server/db/client";
import { ips, lanReservations, peeringLans, routeServers } from "@/server/db/schema";
import { ConflictError, NotFoundError } from "@/server/errors";
import { addressInPrefix, compareAddresses } from "@/shared/validation/ip";
import {
  lanInputSchema,
  lanReservationDeleteSchema,
  lanReservationInputSchema,
  lanUpdateSchema,
  type LanInput,
  type LanReservationInput,
  type LanUpdate,
} from "@/shared/validation/lan";
import { getLan } from "./queries";

function prefixFor(lan: Pick<LanInput, "ipv4Prefix" | "ipv6Prefix">, address: string): string | null {
  return address.includes(":") ? lan.ipv6Prefix : lan.ipv4Prefix;
}

function outside(lan: Pick<LanInput, "ipv4Prefix" | "ipv6Prefix">, address: string): boolean {
  const prefix = prefixFor(lan, address);
  return !prefix || !addressInPrefix(address, prefix);
}

async function checkUnique(tx: Executor, data: LanInput, id: number | null) {
  const clash = or(eq(peeringLans.name, data.name), eq(peeringLans.ixfVlanId, data.ixfVlanId));
  const [taken] = await tx
    .select({ name: peeringLans.name, ixfVlanId: peeringLans.ixfVlanId })
    .from(peeringLans)
    .where(id === null ? clash : and(clash, ne(peeringLans.id, id)));
  if (taken?.name === data.name) throw new ConflictError(`a peering LAN named ${data.name} already exists`);
  if (taken) throw new ConflictError(`the IX-F vlan id ${data.ixfVlanId} is already used by ${taken.name}`);
}

/** Changing a prefix must keep every member address, route server and reservation inside the LAN. */
async function checkPrefixesKeepAddresses(tx: Executor, id: number, data: LanInput) {
  const memberAddresses = (await tx.select({ address: ips.address }).from(ips).where(eq(ips.lanId, id))).map((r) => r.address);
  const servers = await tx.select({ ipv4: routeServers.ipv4Address, ipv6: routeServers.ipv6Address }).from(routeServers).where(eq(routeServers.lanId, id));
  const reservations = await tx.select({ first: lanReservations.firstAddress, last: lanReservations.lastAddress }).from(lanReservations).where(eq(lanReservations.lanId, id));
  const all = [
    ...memberAddresses,
    ...servers.flatMap((s) => [s.ipv4, s.ipv6]).filter((a): a is string => a !== null),
    ...reservations.flatMap((r) => [r.first, r.last]),
  ];
  const stranded = all.filter((address) => outside(data, address));
  if (stranded.length) {
    throw new ConflictError(`${stranded.length} address(es) in use would fall outside the new prefixes, e.g. ${stranded.slice(0, 3).join(", ")}`);
  }
}

export async function createLan(db: Database, actor: string, input: LanInput) {
  const data = lanInputSchema.parse(input);
  return db.transaction(async (tx) => {
    await checkUnique(tx, data, null);
    const [created] = await tx.insert(peeringLans).values(data).$returningId();
    if (!created) throw new Error("the peering LAN was not created");
    const after = await getLan(tx, created.id);
    await writeAudit(tx, { actor, action: "lan.create", entityType: "lan", entityId: created.id, before: null, after });
    return after!;
  });
}

export async function updateLan(db: Database, actor: string, input: LanUpdate) {
  const { id, ...changes } = lanUpdateSchema.parse(input);
  return db.transaction(async (tx) => {
    if (!(await lockRow(tx, peeringLans, id))) throw new NotFoundError("no such peering LAN");
    return auditedChange(tx, { actor, action: "lan.update", entityType: "lan", entityId: id }, () => getLan(tx, id), async () => {
      await checkUnique(tx, changes, id);
      await checkPrefixesKeepAddresses(tx, id, changes);
      await tx.update(peeringLans).set(changes).where(eq(peeringLans.id, id));
    });
  });
}

/** Reserves a range inside the LAN's prefix; addresses members already hold cannot be reserved. */
export async function addLanReservation(db: Database, actor: string, input: LanReservationInput) {
  const data = lanReservationInputSchema.parse(input);
  return db.transaction(async (tx) => {
    const [lan] = await tx.select().from(peeringLans).where(eq(peeringLans.id, data.lanId)).for("update");
    if (!lan) throw new NotFoundError("no such peering LAN");
    const prefix = prefixFor(lan, data.firstAddress);
    if (!prefix) throw new ConflictError(`this LAN has no IPv${data.firstAddress.includes(":") ? 6 : 4} prefix`);
    for (const address of [data.firstAddress, data.lastAddress]) {
      if (!addressInPrefix(address, prefix)) throw new ConflictError(`${address} is outside the LAN's prefix ${prefix}`);
    }
    const family = data.firstAddress.includes(":") ? 6 : 4;
    const held = (await tx.select({ address: ips.address }).from(ips).where(and(eq(ips.lanId, lan.id), eq(ips.family, family)))).map((r) => r.address);
    const clash = held.find((a) => compareAddresses(a, data.firstAddress) >= 0 && compareAddresses(a, data.lastAddress) <= 0);
    if (clash) throw new ConflictError(`${clash} inside that range is already allocated to a member`);
    const [created] = await tx.insert(lanReservations).values({ ...data, family }).$returningId();
    await writeAudit(tx, { actor, action: "lan.reservation.add", entityType: "lan", entityId: lan.id, before: null, after: { id: created?.id, family, ...data } });
    return created!;
  });
}

export async function deleteLanReservation(db: Database, actor: string, input: { id: number }) {
  const data = lanReservationDeleteSchema.parse(input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(lanReservations).where(eq(lanReservations.id, data.id)).for("update");
    if (!before) throw new NotFoundError("no such reservation");
    await tx.delete(lanReservations).where(eq(lanReservations.id, data.id));
    await writeAudit(tx, { actor, action: "lan.reservation.delete", entityType: "lan", entityId: before.lanId, before, after: null });
  });
}
