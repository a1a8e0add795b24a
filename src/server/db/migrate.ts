import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/mysql2/migrator";
import mysql from "mysql2/promise";
import type { Database } from "./client";

/** drizzle/ at the project root, found from this file so the CLI works from any directory. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../../drizzle", import.meta.url));

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_$]{1,64}$/.test(name)) {
    throw new Error(`DATABASE_URL must name a database made of letters, digits and _ (got "${name}")`);
  }
  return name;
}

/** Creates the database named in the URL if it does not exist yet. */
export async function ensureDatabase(url: string): Promise<string> {
  const name = databaseName(url);
  const serverUrl = new URL(url);
  serverUrl.pathname = "/";
  const connection = await mysql.createConnection({ uri: serverUrl.toString(), connectTimeout: 5_000 });
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
  return name;
}

/** Applies pending drizzle-kit migrations; a no-op when the schema is current. */
export async function runMigrations(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
