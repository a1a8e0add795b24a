import { afterAll, beforeAll, describe, expect, it } from "vitest";
import mysql from "mysql2/promise";
import { tryLock } from "@/server/jobs/lock";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let test: TestDatabase;
let other: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
  other = await createTestDatabase();
});
afterAll(async () => {
  await test?.drop();
  await other?.drop();
});

describe("job locks (GET_LOCK)", () => {
  it("are held by one holder per database, and noticed when the connection dies", async () => {
    const first = await tryLock(test.pool, "job:demo");
    expect(first).not.toBeNull();
    expect(await tryLock(test.pool, "job:demo")).toBeNull();
    // Another portal on the same server is not blocked.
    const elsewhere = await tryLock(other.pool, "job:demo");
    expect(elsewhere).not.toBeNull();
    await elsewhere!.release();

    expect(await first!.stillHeld()).toBe(true);
    const [rows] = await test.pool.query<mysql.RowDataPacket[]>("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND COMMAND = 'Sleep'");
    // Kill every idle connection of this database: the lock's connection is among them.
    for (const row of rows) await test.pool.query(`KILL CONNECTION ${Number(row.ID)}`).catch(() => undefined);
    expect(await first!.stillHeld()).toBe(false);
    const next = await tryLock(test.pool, "job:demo");
    expect(next).not.toBeNull();
    await next!.release();
    await first!.release().catch(() => undefined);
  });
});
