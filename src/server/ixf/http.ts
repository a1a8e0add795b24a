import { getDb, type Executor } from "@/server/db/client";
import { env } from "@/server/env";
import { logger } from "@/server/log";
import { exportIxf, isIxfExportStale } from "./service";
import { readStoredExport, type StoredExport } from "./store";

/** GET /ixf.json and /api/ixf: the last good stored export, with validators, caching and CORS. */

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
  "Access-Control-Expose-Headers": "ETag, Last-Modified",
};

// Compression is left to Next.js (it drops a route's own Content-Encoding) or to a reverse proxy in front.
const CACHE_CONTROL = "public, max-age=300";

let regeneration: Promise<unknown> | null = null;

/** One regeneration at a time per process, however many requests find the export stale. */
function regenerate(db: () => Executor, path: string): Promise<unknown> {
  regeneration ??= Promise.resolve()
    .then(() => exportIxf(db(), new Date(), path))
    .catch((error: unknown) => logger.warn({ err: error }, "IX-F export regeneration failed; serving the last good export"))
    .finally(() => {
      regeneration = null;
    });
  return regeneration;
}

/** How long a request may reuse the previous request's look at the disk: hot-path requests then touch no file at all. */
export const IXF_RECHECK_MS = 1_000;
const lastLook = new Map<string, { at: number; stored: StoredExport }>();

async function currentExport(db: () => Executor, path: string): Promise<StoredExport | null> {
  const recent = lastLook.get(path);
  if (recent && Date.now() - recent.at < IXF_RECHECK_MS) return recent.stored;
  let stored = await readStoredExport(path);
  if (!stored || (await isIxfExportStale(new Date(), path))) {
    await regenerate(db, path);
    stored = await readStoredExport(path);
  }
  if (stored) lastLook.set(path, { at: Date.now(), stored });
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
