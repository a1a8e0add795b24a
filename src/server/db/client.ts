import { drizzle, type MySql2Database } from "drizzle-orm/mysql2";
import mysql from "mysql2/promise";
import { env } from "@/server/env";
import * as schema from "./schema";

/** $client is the pool underneath, for what needs a connection of its own (named locks). */
export type Database = MySql2Database<typeof schema> & { $client: mysql.Pool };

export function createPool(url: string, connectionLimit = env().DATABASE_POOL_SIZE): mysql.Pool {
  const pool = mysql.createPool({
    uri: url,
    connectionLimit,
    // All DATETIMEs are UTC; never let the server's or host's zone shift them.
    timezone: "Z",
    supportBigNumbers: true,
    dateStrings: false,
    connectTimeout: 5_000,
  });
  // TIMESTAMP columns convert through the session zone: pin it so stored instants never shift.
  pool.on("connection", (connection) => {
    connection.query("SET time_zone = '+00:00'");
  });
  return pool;
}

export function createDb(pool: mysql.Pool): Database {
  return drizzle(pool, { schema, mode: "default" });
}

// One pool per process, kept across hot reloads in development.
const globalForDb = globalThis as unknown as { ixpPool?: mysql.Pool; ixpDb?: Database };

export function getPool(): mysql.Pool {
  globalForDb.ixpPool ??= createPool(env().DATABASE_URL);
  return globalForDb.ixpPool;
}

export function getDb(): Database {
  globalForDb.ixpDb ??= createDb(getPool());
  return globalForDb.ixpDb;
}

export async function closeDb(): Promise<void> {
  const pool = globalForDb.ixpPool;
  globalForDb.ixpPool = undefined;
  globalForDb.ixpDb = undefined;
  await pool?.end();
}

export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Database | Transaction;
