import { eq, inArray, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ipaddr from "ipaddr.js";
import { auditLog, ips } from "@/server/db/schema";
import { seedDemo } from "@/server/seed/demo";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let test: TestDatabase;
let v4: { id: number; address: string };
let v6: { id: number; address: string };

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 6, seed: 5 });
  // A connection carrying both families, as most members have.
  const rows = await test.db.select({ id: ips.id, address: ips.address, family: ips.family, connectionId: ips.connectionId }).from(ips).where(isNotNull(ips.connectionId));
  const connectionId = rows.find((row) => row.family === 6 && rows.some((other) => other.family === 4 && other.connectionId === row.connectionId))!.connectionId;
  v4 = rows.find((row) => row.connectionId === connectionId && row.family === 4)!;
  v6 = rows.find((row) => row.connectionId === connectionId && row.family === 6)!;
});
afterAll(async () => {
  await test?.drop();
});

const deprovisionBoth = () =>
  test.db.update(ips).set({ provisioned: false, monitor: true, state: "decommissioned", deprovisionedAt: new Date() }).where(inArray(ips.id, [v4.id, v6.id]));
const flags = async () =>
  Object.fromEntries(
    (await test.db.select({ address: ips.address, provisioned: ips.provisioned, monitor: ips.monitor, state: ips.state }).from(ips).where(inArray(ips.id, [v4.id, v6.id]))).map(
      ({ address, ...rest }) => [address, rest],
    ),
  );

describe("ixp ip reenable", () => {
  it("re-enables the address and the member's other family on the same connection", async () => {
    await deprovisionBoth();
    const result = runCli(["ip", "reenable", v4.address], { DATABASE_URL: test.url });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${v4.address} and ${v6.address} are provisioned again.\n`);
    expect(await flags()).toEqual({
      [v4.address]: { provisioned: true, monitor: true, state: "production" },
      [v6.address]: { provisioned: true, monitor: true, state: "production" },
    });
    const audited = await test.db.select({ entityId: auditLog.entityId, actor: auditLog.actor }).from(auditLog).where(eq(auditLog.action, "ip.reenable"));
    expect(audited.map((entry) => entry.entityId).sort()).toEqual([v4.address, v6.address].sort());
    expect(audited.every((entry) => entry.actor.startsWith("cli:"))).toBe(true);
  });

  it("with --only-this-address leaves the other family alone; takes any notation of the address; --monitor-off", async () => {
    await deprovisionBoth();
    const longForm = ipaddr.parse(v6.address).toNormalizedString();
    const result = runCli(["ip", "reenable", longForm, "--only-this-address", "--monitor-off"], { DATABASE_URL: test.url });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(`${v6.address} is provisioned again; monitoring stays off until seen up.\n`);
    expect(await flags()).toEqual({
      [v4.address]: { provisioned: false, monitor: true, state: "decommissioned" },
      [v6.address]: { provisioned: true, monitor: false, state: "production" },
    });
  });

  it("says clearly what is wrong and changes nothing", async () => {
    const before = await flags();
    for (const [address, message] of [
      ["192.0.2.254", "ixp: no member has the address 192.0.2.254\n"],
      ["not-an-ip", 'ixp: "not-an-ip" is not an IP address\n'],
      [v6.address, `ixp: ${v6.address} is already provisioned\n`],
    ] as const) {
      const result = runCli(["ip", "reenable", address, "--monitor-off"], { DATABASE_URL: test.url });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(message);
    }
    expect(await flags()).toEqual(before);
  });
});
