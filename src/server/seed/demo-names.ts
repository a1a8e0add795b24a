import { createHash } from "node:crypto";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Executor } from "@/server/db/client";

/**
 * The demo's host-wide names (its network namespace, the directory of its BIRD control sockets) come from
 * the database it runs on, so two clones with two databases on one host never collide: readable for short
 * database names, a hash otherwise, always a usable namespace name (at most 15 characters).
 */
export function demoName(databaseName: string): string {
  if (/^[A-Za-z0-9_]{1,7}$/.test(databaseName)) return `ixpdemo-${databaseName}`;
  return `ixpdemo_${createHash("sha256").update(databaseName).digest("hex").slice(0, 7)}`;
}

/** The demo name of the database this connection uses. */
export async function demoNameOf(db: Executor): Promise<string> {
  const [rows] = (await db.execute(sql`select database() as name`)) as unknown as [Array<{ name: string }>];
  return demoName(rows[0]!.name);
}

/** Where the demo's route servers keep their config, pid files and control sockets: under the project's .data/. */
export function demoBirdDirectory(name: string): string {
  return path.resolve(".data", "bird", name);
}
