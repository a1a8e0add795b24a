import { sql } from "drizzle-orm";
import type { MySqlTable } from "drizzle-orm/mysql-core";
import type { Executor } from "./client";

/** Locks one row by primary key for the rest of the transaction (SELECT ... FOR UPDATE); false if absent. */
export async function lockRow(tx: Executor, table: MySqlTable, id: number): Promise<boolean> {
  const [rows] = (await tx.execute(sql`select 1 from ${table} where id = ${id} for update`)) as unknown as [unknown[]];
  return rows.length > 0;
}
