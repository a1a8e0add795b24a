import { and, eq, ne } from "drizzle-orm";
import { canonicalAddress } from "@/server/allocation/addresses";
import { writeAudit } from "@/server/audit/log";
import type { Database, Executor } from "@/server/db/client";
import { ips } from "@/server/db/schema";
import { DomainError, NotFoundError } from "@/server/errors";
import { markRouteServerConfigChanged } from "@/server/routeserver/config-changed";
import { ipReenableSchema, type IpReenable } from "@/shared/validation/member";

const columns = {
  id: ips.id,
  address: ips.address,
  lanId: ips.lanId,
  connectionId: ips.connectionId,
  monitor: ips.monitor,
  provisioned: ips.provisioned,
  state: ips.state,
  deprovisionedAt: ips.deprovisionedAt,
};

/**
 * The volunteer's one action after deprovisioning (admin UI and `ixp ip reenable`): the address is
 * provisioned again, and with it the other addresses of its connection that are not (the member's other
 * family, deprovisioned the same day), unless onlyThisAddress. Monitoring stays on, or off until the
 * member is seen up again. Addresses and tunnel never went away; the route servers get the sessions back.
 */
export async function reenableIp(db: Database, actor: string, input: IpReenable, now = new Date()): Promise<{ addresses: string[]; monitor: boolean }> {
  const data = ipReenableSchema.parse(input);
  const monitor = !data.monitorOff;
  return db.transaction(async (tx) => {
    const [ip] = await tx.select(columns).from(ips).where(eq(ips.id, data.ipId)).for("update");
    if (!ip) throw new NotFoundError("no such IP address");
    if (ip.provisioned && ip.monitor === monitor) throw new DomainError(`${ip.address} is already provisioned`);
    const others =
      data.onlyThisAddress || ip.connectionId === null
        ? []
        : await tx
            .select(columns)
            .from(ips)
            .where(and(eq(ips.connectionId, ip.connectionId), ne(ips.id, ip.id), eq(ips.provisioned, false)))
            .orderBy(ips.family)
            .for("update");
    const after = { provisioned: true, monitor, deprovisionedAt: null, state: "production" as const };
    for (const before of [ip, ...others]) {
      await tx.update(ips).set(after).where(eq(ips.id, before.id));
      await writeAudit(tx, { actor, action: "ip.reenable", entityType: "ip", entityId: before.address, before, after });
    }
    await markRouteServerConfigChanged(tx, [...new Set([ip, ...others].map((row) => row.lanId))], now);
    return { addresses: [ip, ...others].map((row) => row.address), monitor };
  });
}

/** What the UI and the CLI say after a re-enable. */
export function reenabledMessage(result: { addresses: string[]; monitor: boolean }): string {
  const which = result.addresses.join(" and ");
  return `${which} ${result.addresses.length > 1 ? "are" : "is"} provisioned again${result.monitor ? "" : "; monitoring stays off until seen up"}.`;
}

/** The id of the IP with this address (any notation), for commands that name addresses. */
export async function ipIdByAddress(db: Executor, address: string): Promise<number> {
  let canonical: string;
  try {
    canonical = canonicalAddress(address);
  } catch {
    throw new DomainError(`"${address}" is not an IP address`);
  }
  const [row] = await db.select({ id: ips.id }).from(ips).where(eq(ips.address, canonical));
  if (!row) throw new NotFoundError(`no member has the address ${canonical}`);
  return row.id;
}
