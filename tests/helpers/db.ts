import mysql from "mysql2/promise";
import { createDb, createPool, type Database } from "@/server/db/client";
import { runMigrations } from "@/server/db/migrate";
import { TEST_SERVER_URL, testRunId } from "./run-id";

let counter = 0;

export interface TestDatabase {
  name: string;
  url: string;
  db: Database;
  pool: mysql.Pool;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file; drop() removes it. serverUrl: another server (the Galera tier). */
export async function createTestDatabase(serverUrl = TEST_SERVER_URL): Promise<TestDatabase> {
  const name = `ixpt_${testRunId()}_${process.pid}_${++counter}`;
  const admin = await mysql.createConnection({ uri: serverUrl });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(name, serverUrl).toString();
  const pool = createPool(url, 20);
  const db = createDb(pool);
  await runMigrations(db);
  return {
    name,
    url,
    db,
    pool,
    async drop() {
      await pool.end();
      const connection = await mysql.createConnection({ uri: serverUrl });
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}
