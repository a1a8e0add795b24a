import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql, type SQL } from "drizzle-orm";
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

interface JournalEntry {
  tag: string;
  /** drizzle records this as the applied migration's created_at. */
  when: number;
}

function journal(): JournalEntry[] {
  return (JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as { entries: JournalEntry[] }).entries;
}

/** The journal time of the newest migration drizzle has applied to this database, 0 for none. */
async function lastAppliedAt(db: Database): Promise<number> {
  const rows = async (query: SQL) => ((await db.execute(query)) as unknown as [Record<string, unknown>[]])[0];
  const tracked = await rows(sql`select 1 from information_schema.tables where table_schema = database() and table_name = '__drizzle_migrations'`);
  if (tracked.length === 0) return 0;
  const [last] = await rows(sql`select max(created_at) as last from __drizzle_migrations`);
  return Number(last?.last ?? 0);
}

export interface MigrationResult {
  /** The migrations this run applied, oldest first (none when the schema was current). */
  applied: string[];
  /** The newest migration the database now has, if any. */
  current: string | undefined;
}

/** Applies pending drizzle-kit migrations and says which; a no-op when the schema is current. */
export async function runMigrations(db: Database): Promise<MigrationResult> {
  const before = await lastAppliedAt(db);
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const after = await lastAppliedAt(db);
  const entries = journal();
  return {
    applied: entries.filter((entry) => entry.when > before && entry.when <= after).map((entry) => entry.tag),
    current: entries.findLast((entry) => entry.when <= after)?.tag,
  };
}

/** The newest migration applied to this database (its drizzle-kit tag), undefined for none. */
export async function migrationLevel(db: Database): Promise<string | undefined> {
  const after = await lastAppliedAt(db);
  return journal().findLast((entry) => entry.when <= after)?.tag;
}
