import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";

/** What an archive holds besides manifest.json: the SQL dump and the secrets directory below secrets/. */
export const DUMP_FILE = "database.sql";
export const SECRETS_FOLDER = "secrets";
export const MANIFEST_FILE = "manifest.json";

export const backupManifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.string(),
  portalVersion: z.string(),
  serverVersion: z.string(),
  database: z.string(),
  /** The newest migration the dumped database had; restore brings a newer portal up with `ixp db migrate`. */
  migration: z.string().nullable(),
  /** Rows per table in the dumped snapshot, counted from the dump itself. */
  rowCounts: z.record(z.string(), z.number().int().nonnegative()),
  files: z.array(z.object({ path: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

export async function sha256File(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** Every regular file below dir, as paths relative to it with "/" separators, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/**
 * Rows per table in a dump written with one INSERT per row; tables without rows count 0.
 * mariadb-dump escapes newlines inside values, so each row is exactly one line.
 */
export async function countDumpRows(dumpFile: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const lines = createInterface({ input: createReadStream(dumpFile), crlfDelay: Infinity });
  for await (const line of lines) {
    const insert = /^INSERT INTO `((?:[^`]|``)+)` VALUES /.exec(line);
    if (insert) {
      const table = insert[1]!.replace(/``/g, "`");
      counts[table] = (counts[table] ?? 0) + 1;
      continue;
    }
    const create = /^CREATE TABLE `((?:[^`]|``)+)` \(/.exec(line);
    if (create) counts[create[1]!.replace(/``/g, "`")] ??= 0;
  }
  return counts;
}
