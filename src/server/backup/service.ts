import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, readFileSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import * as tar from "tar";
import type { Database } from "@/server/db/client";
import { databaseName, ensureDatabase, migrationLevel } from "@/server/db/migrate";
import { DomainError } from "@/server/errors";
import { backupManifestSchema, countDumpRows, DUMP_FILE, listFiles, MANIFEST_FILE, SECRETS_FOLDER, sha256File, type BackupManifest } from "./manifest";
import { dumpDatabase, loadDatabase } from "./mysql-tools";

/**
 * `ixp db backup` / `ixp db restore`: one gzip'd tar holding manifest.json, the SQL dump of one
 * consistent snapshot and a copy of SECRETS_DIR (OpenVPN CA, auth secret), with a SHA-256 for each file.
 */

const PORTAL_VERSION = (JSON.parse(readFileSync(fileURLToPath(new URL("../../../package.json", import.meta.url)), "utf8")) as { version: string }).version;

async function query<T>(db: Database, text: string, values: unknown[] = []): Promise<T[]> {
  const [rows] = await db.$client.query(text, values);
  return rows as T[];
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null)) !== null;
}

async function withStaging<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "ixp-backup-"));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface BackupOptions {
  databaseUrl: string;
  secretsDir: string;
  out: string;
  now?: Date;
}

export async function createBackup(db: Database, options: BackupOptions): Promise<BackupManifest> {
  return withStaging(async (staging) => {
    const dumpPath = path.join(staging, DUMP_FILE);
    const dumpFile = createWriteStream(dumpPath, { mode: 0o600 });
    await Promise.all([dumpDatabase(options.databaseUrl, dumpFile), finished(dumpFile)]);
    if (await exists(options.secretsDir)) await cp(options.secretsDir, path.join(staging, SECRETS_FOLDER), { recursive: true });

    const contents = (await listFiles(staging)).filter((file) => file !== MANIFEST_FILE);
    const [version] = await query<{ version: string }>(db, "select version() as version");
    const manifest: BackupManifest = {
      format: 1,
      createdAt: (options.now ?? new Date()).toISOString(),
      portalVersion: PORTAL_VERSION,
      serverVersion: version!.version,
      database: databaseName(options.databaseUrl),
      migration: (await migrationLevel(db)) ?? null,
      rowCounts: await countDumpRows(dumpPath),
      files: await Promise.all(contents.map(async (file) => ({ path: file, ...(await sha256File(path.join(staging, file))) }))),
    };
    await writeFile(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);

    // The archive holds private keys: written 0600 beside the target, then renamed into place whole.
    const out = path.resolve(options.out);
    const partial = `${out}.partial-${randomBytes(4).toString("hex")}`;
    try {
      // Created 0600 before the first byte, so the keys are never readable by others, not even briefly.
      await writeFile(partial, "", { mode: 0o600 });
      await tar.create({ gzip: true, file: partial, cwd: staging, portable: true }, [MANIFEST_FILE, ...contents]);
      await rename(partial, out);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return manifest;
  });
}

/** Unpacks an archive and checks it against its manifest: the same files, sizes and SHA-256 sums. */
async function unpackVerified(archive: string, staging: string): Promise<BackupManifest> {
  if (!(await exists(archive))) throw new DomainError(`no backup archive at ${archive}`);
  try {
    await tar.extract({ file: archive, cwd: staging, strict: true });
  } catch (error) {
    throw new DomainError(`${archive} is not a readable backup archive (${error instanceof Error ? error.message : String(error)}); it is corrupt or not made by \`ixp db backup\``);
  }
  const manifestText = await readFile(path.join(staging, MANIFEST_FILE), "utf8").catch(() => null);
  if (manifestText === null) throw new DomainError(`${archive} has no ${MANIFEST_FILE}: not a backup made by \`ixp db backup\``);
  let manifest: BackupManifest;
  try {
    manifest = backupManifestSchema.parse(JSON.parse(manifestText));
  } catch {
    throw new DomainError(`${archive}: ${MANIFEST_FILE} is damaged or of an unknown format`);
  }
  const present = (await listFiles(staging)).filter((file) => file !== MANIFEST_FILE);
  const listed = manifest.files.map((file) => file.path).sort();
  const extra = present.filter((file) => !listed.includes(file));
  const missing = listed.filter((file) => !present.includes(file));
  if (extra.length > 0 || missing.length > 0) {
    throw new DomainError(`${archive} does not match its manifest (missing: ${missing.join(", ") || "none"}; not listed: ${extra.join(", ") || "none"}): the archive is corrupt`);
  }
  for (const file of manifest.files) {
    const actual = await sha256File(path.join(staging, file.path));
    if (actual.sha256 !== file.sha256 || actual.bytes !== file.bytes) {
      throw new DomainError(`${archive}: checksum mismatch for ${file.path} (SHA-256 ${actual.sha256}, manifest says ${file.sha256}): the archive is corrupt, nothing was restored`);
    }
  }
  if (!manifest.files.some((file) => file.path === DUMP_FILE)) throw new DomainError(`${archive} holds no ${DUMP_FILE}`);
  return manifest;
}

export interface RestoreOptions {
  databaseUrl: string;
  secretsDir: string;
  archive: string;
  /** Replace a database that has tables and a secrets directory that has files. */
  force?: boolean;
}

export interface RestoreResult {
  manifest: BackupManifest;
  rows: number;
  secretFiles: number;
}

async function tablesIn(db: Database): Promise<{ name: string; type: string }[]> {
  return query(db, "select table_name as name, table_type as type from information_schema.tables where table_schema = database() order by table_name");
}

export async function restoreBackup(db: Database, options: RestoreOptions): Promise<RestoreResult> {
  return withStaging(async (staging) => {
    const manifest = await unpackVerified(path.resolve(options.archive), staging);
    const secretFiles = manifest.files.filter((file) => file.path.startsWith(`${SECRETS_FOLDER}/`)).length;

    // Every refusal comes before the first change.
    const database = await ensureDatabase(options.databaseUrl);
    const tables = await tablesIn(db);
    if (tables.length > 0 && !options.force) {
      throw new DomainError(`database ${database} is not empty (${tables.length} tables): restore into an empty database, or pass --force to replace its contents`);
    }
    const secretsPresent = (await exists(options.secretsDir)) && (await readdir(options.secretsDir)).length > 0;
    if (secretFiles > 0 && secretsPresent && !options.force) {
      throw new DomainError(`the secrets directory ${options.secretsDir} is not empty: move it away, or pass --force to replace it`);
    }

    if (tables.length > 0) {
      const connection = await db.$client.getConnection();
      try {
        await connection.query("set foreign_key_checks = 0");
        for (const table of tables) await connection.query(`drop ${table.type === "VIEW" ? "view" : "table"} \`${table.name.replace(/`/g, "``")}\``);
      } finally {
        await connection.query("set foreign_key_checks = 1").catch(() => undefined);
        connection.release();
      }
    }
    await loadDatabase(options.databaseUrl, createReadStream(path.join(staging, DUMP_FILE)));

    let rows = 0;
    for (const [table, expected] of Object.entries(manifest.rowCounts)) {
      const [row] = await query<{ n: number }>(db, `select count(*) as n from \`${table.replace(/`/g, "``")}\``);
      if (Number(row!.n) !== expected) throw new DomainError(`restored table ${table} has ${row!.n} rows, the backup had ${expected}`);
      rows += expected;
    }

    if (secretFiles > 0) await replaceSecrets(path.join(staging, SECRETS_FOLDER), options.secretsDir);
    return { manifest, rows, secretFiles };
  });
}

/** Copies the restored secrets beside the target (0700 directories, 0600 files), then swaps them in. */
async function replaceSecrets(source: string, target: string): Promise<void> {
  const resolved = path.resolve(target);
  await mkdir(path.dirname(resolved), { recursive: true });
  const incoming = `${resolved}.restore-${randomBytes(4).toString("hex")}`;
  await cp(source, incoming, { recursive: true });
  await chmod(incoming, 0o700);
  for (const entry of await readdir(incoming, { recursive: true, withFileTypes: true })) {
    await chmod(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o700 : 0o600);
  }
  await rm(resolved, { recursive: true, force: true });
  await rename(incoming, resolved);
}
