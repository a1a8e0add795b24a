import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat, utimes } from "node:fs/promises";
import { dirname } from "node:path";
import type { IxfDocument } from "./document";

/**
 * The last good export on disk. A new one replaces it only through an atomic rename, so readers
 * (and other web replicas sharing the path) never see half a file, and a failed generation
 * leaves the previous export in place.
 */

export interface StoredExport {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  lastModified: Date;
}

export interface ExportState {
  /** Which database and IX the stored export was generated from; it is never served for another. */
  source: string | null;
  /** The ETag of the export file this state describes, so a file replaced by another source is noticed. */
  etag: string | null;
  /** Hash of the document without its timestamp: unchanged data keeps the file, its ETag and Last-Modified. */
  contentHash: string | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastError: string | null;
}

const EMPTY_STATE: ExportState = { source: null, etag: null, contentHash: null, lastSuccessAt: null, lastFailureAt: null, lastError: null };

const statePath = (path: string) => `${path}.state.json`;

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const etagOf = (bytes: string | Buffer) => `"${sha256(bytes).slice(0, 32)}"`;

async function writeFileAtomic(path: string, data: string | Buffer, mtime?: Date): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    const handle = await open(temporary, "w", 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mtime) await utimes(temporary, mtime, mtime);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

// Reads are cached per file version (inode, size, mtime): serving costs a stat() per file per request.
const stateCache = new Map<string, { version: string; state: ExportState }>();

const fileVersion = (info: { ino: number; size: number; mtimeMs: number }) => `${info.ino}:${info.size}:${info.mtimeMs}`;

export async function readExportState(path: string): Promise<ExportState> {
  const file = statePath(path);
  const info = await stat(file).catch(() => null);
  if (!info) return EMPTY_STATE;
  const cached = stateCache.get(file);
  if (cached?.version === fileVersion(info)) return cached.state;
  try {
    const state = { ...EMPTY_STATE, ...(JSON.parse(await readFile(file, "utf8")) as Partial<ExportState>) };
    stateCache.set(file, { version: fileVersion(info), state });
    return state;
  } catch {
    return EMPTY_STATE;
  }
}

/** Writes the document of this source unless only its timestamp changed; says which. */
export async function storeExport(path: string, document: IxfDocument, now: Date, source: string): Promise<"written" | "unchanged"> {
  const state = await readExportState(path);
  const contentHash = sha256(JSON.stringify({ ...document, timestamp: "" }));
  const existing = await readStoredExport(path);
  const unchanged = existing !== null && state.source === source && state.etag === existing.etag && state.contentHash === contentHash;
  let etag = existing?.etag ?? null;
  if (!unchanged) {
    const body = JSON.stringify(document);
    await writeFileAtomic(path, body, now);
    etag = etagOf(body);
  }
  await writeFileAtomic(
    statePath(path),
    JSON.stringify({ ...state, source, etag, contentHash, lastSuccessAt: now.toISOString(), lastError: null } satisfies ExportState),
  );
  return unchanged ? "unchanged" : "written";
}

/** Remembers why generation failed, for operators; the stored export is left alone. */
export async function recordExportFailure(path: string, message: string, now: Date): Promise<void> {
  const state = await readExportState(path);
  await writeFileAtomic(statePath(path), JSON.stringify({ ...state, lastFailureAt: now.toISOString(), lastError: message } satisfies ExportState));
}

const exportCache = new Map<string, { version: string; stored: StoredExport }>();

export async function readStoredExport(path: string): Promise<StoredExport | null> {
  const info = await stat(path).catch(() => null);
  if (!info) return null;
  const version = fileVersion(info);
  const cached = exportCache.get(path);
  if (cached?.version === version) return cached.stored;
  const bytes = await readFile(path);
  const body = new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  const stored = { body, etag: etagOf(bytes), lastModified: info.mtime };
  exportCache.set(path, { version, stored });
  return stored;
}

/**
 * The stored export, only if it was generated from this source (database and IX): an instance pointed
 * at another database never serves what it finds at a shared or reused path.
 */
export async function readStoredExportOf(path: string, source: string): Promise<StoredExport | null> {
  const [state, stored] = await Promise.all([readExportState(path), readStoredExport(path)]);
  return stored && state.source === source && state.etag === stored.etag ? stored : null;
}
