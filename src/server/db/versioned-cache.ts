import { sql, type SQL } from "drizzle-orm";
import type { MySqlColumn, MySqlTable } from "drizzle-orm/mysql-core";
import type { Executor } from "@/server/db/client";

/**
 * What a cached read depends on: the newest value of a timestamp column per table. Each such column
 * has an index, so the check is one index lookup per table, not a scan.
 */
export type VersionSource = readonly [table: MySqlTable, column: MySqlColumn];

/** One short query: the newest timestamp of every source, joined into a string that changes when any of them does. */
export async function dataVersion(db: Executor, sources: readonly VersionSource[]): Promise<string> {
  const newest: SQL[] = sources.map(([table, column]) => sql`coalesce((select max(${column}) from ${table}), '-')`);
  const [rows] = (await db.execute(sql`select concat_ws('|', ${sql.join(newest, sql`, `)}) as version`)) as unknown as [Array<{ version: string }>];
  return rows[0]?.version ?? "";
}

/**
 * dataVersion for `sources`, with one query for every call that arrives before it answers: under load, one
 * query per round trip rather than one per request; one call after another still sees every write that
 * finished before it. Kept per database handle: tests use several databases.
 */
export function versionCheck(sources: readonly VersionSource[]): (db: Executor) => Promise<string> {
  const checking = new WeakMap<Executor, Promise<string>>();
  return (db) => {
    let check = checking.get(db);
    if (!check) {
      check = dataVersion(db, sources).finally(() => checking.delete(db));
      checking.set(db, check);
    }
    return check;
  };
}

interface CacheState<T> {
  current?: { version: string; builtAt: number; value: T };
  building?: { version: string; value: Promise<T> };
}

/**
 * A value computed from the database and kept in this process until the data it depends on changes.
 * Every call first reads the version (see versionCheck), then reuses the value if the version is the same
 * and the value younger than maxAgeMs; otherwise it computes it again, and calls arriving meanwhile with
 * the same version wait for that one computation. The version is read before the data, so a write that
 * lands during a computation is seen by the next call. maxAgeMs bounds what a version cannot see (a
 * writer whose clock is behind, a delete). Kept per database handle: tests use several databases.
 */
export function versionedCache<T>(options: {
  sources: readonly VersionSource[];
  build: (db: Executor) => Promise<T>;
  maxAgeMs: number;
}): (db: Executor) => Promise<T> {
  const states = new WeakMap<Executor, CacheState<T>>();
  const checkVersion = versionCheck(options.sources);
  return async (db) => {
    let state = states.get(db);
    if (!state) states.set(db, (state = {}));
    const version = await checkVersion(db);
    const { current, building } = state;
    if (current?.version === version && Date.now() - current.builtAt < options.maxAgeMs) return current.value;
    if (building?.version === version) return building.value;
    const builtAt = Date.now();
    const entry = { version, value: options.build(db) };
    state.building = entry;
    try {
      const value = await entry.value;
      if (!state.current || state.current.builtAt <= builtAt) state.current = { version, builtAt, value };
      return value;
    } finally {
      if (state.building === entry) state.building = undefined;
    }
  };
}
