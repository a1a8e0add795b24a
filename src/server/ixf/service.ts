import { sql } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { env } from "@/server/env";
import { assertSoundIxfDocument } from "./checks";
import type { IxfDocument } from "./document";
import { buildIxfDocument } from "./exporter";
import { ixfSettings, loadIxfRows } from "./queries";
import { readExportState, recordExportFailure, storeExport } from "./store";

export interface IxfExportResult {
  path: string;
  /** "unchanged" when only the timestamp would differ: the stored file, its ETag and Last-Modified stay. */
  outcome: "written" | "unchanged";
  members: number;
  addresses: number;
}

const sources = new WeakMap<Executor, Promise<string>>();

/**
 * Which database and IX an export is generated from: the database's name, server and port as the server
 * itself reports them (however the URL spells the host), and the IX's IX-F ixp_id. Asked once per connection pool.
 */
export function ixfExportSource(db: Executor): Promise<string> {
  let source = sources.get(db);
  if (!source) {
    source = db.execute(sql`select database() as name, @@hostname as host, @@port as port`).then((result) => {
      const [[row]] = result as unknown as [[{ name: string; host: string; port: number }]];
      return `database ${row.name} on ${row.host}:${row.port}, ixp_id ${ixfSettings().ixpId}`;
    });
    source.catch(() => sources.delete(db));
    sources.set(db, source);
  }
  return source;
}

/** Loads, builds and checks the export; throws IxfCheckError naming every offending row. */
export async function generateIxfDocument(db: Executor, now: Date): Promise<IxfDocument> {
  const rows = await loadIxfRows(db);
  return assertSoundIxfDocument(buildIxfDocument(ixfSettings(), rows, now));
}

/**
 * Regenerates the stored export (the worker calls this every 15 minutes and on change).
 * On failure the last good export stays in place, the reason is recorded, and the error is rethrown.
 */
export async function exportIxf(db: Executor, now: Date, path = env().IXF_EXPORT_PATH): Promise<IxfExportResult> {
  let document: IxfDocument;
  try {
    document = await generateIxfDocument(db, now);
  } catch (error) {
    // Recording is best effort: the caller must see the generation error, not a secondary one.
    await recordExportFailure(path, error instanceof Error ? error.message : String(error), now).catch(() => undefined);
    throw error;
  }
  const outcome = await storeExport(path, document, now, await ixfExportSource(db));
  const addresses = document.member_list.reduce(
    (sum, member) => sum + member.connection_list.reduce((n, c) => n + (c.vlan_list ?? []).reduce((k, v) => k + (v.ipv4 ? 1 : 0) + (v.ipv6 ? 1 : 0), 0), 0),
    0,
  );
  return { path, outcome, members: document.member_list.length, addresses };
}

/** After a failed generation, requests wait this long before trying again, so a broken row cannot cause a storm of retries. */
const RETRY_AFTER_FAILURE_MS = 60_000;

/** True when the stored export should be regenerated: never made, or older than IXF_STALE_AFTER_SECONDS and not just failed. */
export async function isIxfExportStale(now: Date, path = env().IXF_EXPORT_PATH): Promise<boolean> {
  const { lastSuccessAt, lastFailureAt } = await readExportState(path);
  if (lastFailureAt && now.getTime() - Date.parse(lastFailureAt) < RETRY_AFTER_FAILURE_MS) return false;
  if (!lastSuccessAt) return true;
  return now.getTime() - Date.parse(lastSuccessAt) > env().IXF_STALE_AFTER_SECONDS * 1000;
}
