import { getDb, type Executor } from "@/server/db/client";
import { env } from "@/server/env";
import { logger } from "@/server/log";
import { exportIxf, isIxfExportStale, ixfExportSource } from "./service";
import { readStoredExportOf, type StoredExport } from "./store";

/** GET /ixf.json and /api/ixf: the last good stored export, with validators, caching and CORS. */

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
  "Access-Control-Expose-Headers": "ETag, Last-Modified",
};

// Compression is left to Next.js (it drops a route's own Content-Encoding) or to a reverse proxy in front.
const CACHE_CONTROL = "public, max-age=300";

const regenerations = new Map<string, Promise<unknown>>();

/** One regeneration at a time per process and export, however many requests find the export stale. */
function regenerate(db: () => Executor, path: string, key: string): Promise<unknown> {
  let regeneration = regenerations.get(key);
  if (!regeneration) {
    regeneration = Promise.resolve()
      .then(() => exportIxf(db(), new Date(), path))
      .catch((error: unknown) => logger.warn({ err: error }, "IX-F export regeneration failed; serving the last good export"))
      .finally(() => regenerations.delete(key));
    regenerations.set(key, regeneration);
  }
  return regeneration;
}

/** How long a request may reuse the previous request's look at the disk: hot-path requests then touch no file at all. */
export const IXF_RECHECK_MS = 1_000;
const lastLook = new Map<string, { at: number; stored: StoredExport }>();

async function currentExport(db: () => Executor, path: string): Promise<StoredExport | null> {
  // Until the database has said which one it is (once per process), nothing can be served safely.
  const source = await ixfExportSource(db()).catch((error: unknown) => {
    logger.warn({ err: error }, "IX-F export: the database cannot be asked which one it is");
    return null;
  });
  if (source === null) return null;
  const key = `${source} ${path}`;
  const recent = lastLook.get(key);
  if (recent && Date.now() - recent.at < IXF_RECHECK_MS) return recent.stored;
  // An export of another database or IX counts as missing: it is regenerated, never served.
  let stored = await readStoredExportOf(path, source);
  if (!stored || (await isIxfExportStale(new Date(), path))) {
    await regenerate(db, path, key);
    stored = await readStoredExportOf(path, source);
  }
  if (stored) lastLook.set(key, { at: Date.now(), stored });
  return stored;
}

function etagMatches(header: string, etag: string): boolean {
  const weakless = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || weakless(tag) === weakless(etag));
}

/** RFC 9110: If-None-Match wins over If-Modified-Since. */
function notModified(request: Request, stored: StoredExport): boolean {
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch !== null) return etagMatches(ifNoneMatch, stored.etag);
  const ifModifiedSince = Date.parse(request.headers.get("if-modified-since") ?? "");
  return Number.isFinite(ifModifiedSince) && Math.floor(stored.lastModified.getTime() / 1000) * 1000 <= ifModifiedSince;
}

/** The route handlers pass only the request; the rest defaults to the app's configuration. */
export async function ixfResponse(request: Request, path = env().IXF_EXPORT_PATH, db: () => Executor = getDb): Promise<Response> {
  const stored = await currentExport(db, path);
  if (!stored) {
    return Response.json(
      { type: "about:blank", title: "IX-F export unavailable", status: 503, detail: "No export has been generated yet; try again shortly." },
      { status: 503, headers: { ...CORS_HEADERS, "Content-Type": "application/problem+json", "Cache-Control": "no-store", "Retry-After": "60" } },
    );
  }
  const headers = {
    ...CORS_HEADERS,
    ETag: stored.etag,
    "Last-Modified": stored.lastModified.toUTCString(),
    "Cache-Control": CACHE_CONTROL,
  };
  if (notModified(request, stored)) return new Response(null, { status: 304, headers });
  return new Response(stored.body, { status: 200, headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
}

export function ixfPreflightResponse(): Response {
  return new Response(null, { status: 204, headers: { ...CORS_HEADERS, "Access-Control-Max-Age": "86400" } });
}
