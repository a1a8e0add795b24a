import { request, type IncomingMessage, type ServerResponse } from "node:http";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { logger } from "@/server/log";
import { newNonce } from "./security-headers";

/**
 * Whole rendered pages kept in each web process, for visitors who are not signed in and for pages whose
 * content depends on nothing but data with a version (e.g. /peers on the directory's). Every request first
 * asks for the version (one short query, shared by requests arriving together) and gets the stored page only
 * while the version is the same and the page younger than maxAgeMs: a write is seen by the next request, as
 * without the cache. A stored page was rendered by Next.js itself (a request to this server carrying
 * FILL_HEADER, which always renders) and keeps its status and headers. What must differ per response is the
 * CSP nonce: each answer gets a new one, put everywhere the rendered page had its own (the policy, the
 * preload links, every script and style tag), so a nonce is never sent twice.
 */

export const FILL_HEADER = "x-ixp-page-cache-fill";
/** "hit" (stored page) or "miss" (rendered for this request); absent when the cache was not asked. */
export const CACHE_STATUS_HEADER = "x-ixp-page-cache";

export interface CachedPageRule {
  /** The path served from the cache (any query string: each URL is kept apart). */
  path: string;
  /** Changes whenever anything the page shows changes. */
  version: () => Promise<string>;
  maxAgeMs: number;
}

interface StoredPage {
  version: string;
  storedAt: number;
  status: number;
  /** Each header's value and the body, split where the rendered page had its nonce. */
  headers: [name: string, parts: string[]][];
  body: string[];
}

const gzipAsync = promisify(gzip);
const NOT_STORED_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"]);
const POLICY_NONCE = /'nonce-([A-Za-z0-9+/=]+)'/;
const MAX_PAGES = 200;
const MAX_BODY_BYTES = 2 * 1024 * 1024;
const FILL_TIMEOUT_MS = 15_000;
/** Requests whose answer is not the plain page: Next's client-side navigation and prefetches, signed-in visitors. */
const ROUTER_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action"];

/** True when the client takes gzip (RFC 9110 Accept-Encoding; q=0 refuses). */
export function acceptsGzip(header: string | undefined): boolean {
  return (header ?? "").split(",").some((item) => {
    const [coding, ...parameters] = item.split(";").map((part) => part.trim().toLowerCase());
    return (coding === "gzip" || coding === "*") && !parameters.some((parameter) => /^q=0(?:\.0{0,3})?$/.test(parameter));
  });
}

/** Where the page comes from on a fill: this server, on loopback when it listens on every address. */
export function fillOrigin(hostname: string, port: number): string {
  if (hostname === "0.0.0.0" || hostname === "") return `http://127.0.0.1:${port}`;
  if (hostname === "::") return `http://[::1]:${port}`;
  return `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
}

interface Rendered {
  status: number;
  rawHeaders: string[];
  body: Buffer;
}

function render(origin: string, path: string, host: string): Promise<Rendered> {
  return new Promise((resolve, reject) => {
    const fill = request(`${origin}${path}`, { headers: { host, "accept-encoding": "identity", [FILL_HEADER]: "1" }, timeout: FILL_TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) response.destroy(new Error(`larger than ${MAX_BODY_BYTES} bytes`));
        else chunks.push(chunk);
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, rawHeaders: response.rawHeaders, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    fill.on("timeout", () => fill.destroy(new Error(`no answer within ${FILL_TIMEOUT_MS} ms`)));
    fill.on("error", reject);
    fill.end();
  });
}

/** A rendered page as stored, or why it cannot be. */
export function toStoredPage(rendered: Rendered, version: string, storedAt: number): StoredPage | string {
  if (rendered.status !== 200) return `status ${rendered.status}`;
  const headers: [string, string][] = [];
  for (let i = 0; i < rendered.rawHeaders.length; i += 2) headers.push([rendered.rawHeaders[i]!, rendered.rawHeaders[i + 1]!]);
  if (headers.some(([name]) => name.toLowerCase() === "set-cookie")) return "it sets a cookie";
  const policy = headers.find(([name]) => name.toLowerCase() === "content-security-policy")?.[1];
  const nonce = policy?.match(POLICY_NONCE)?.[1];
  if (!nonce) return "no nonce in its Content-Security-Policy";
  return {
    version,
    storedAt,
    status: rendered.status,
    headers: headers.filter(([name]) => !NOT_STORED_HEADERS.has(name.toLowerCase())).map(([name, value]) => [name, value.split(nonce)]),
    body: rendered.body.toString("utf8").split(nonce),
  };
}

export interface PageCache {
  /** The rule for this request, if the cache may answer it. */
  ruleFor(request: IncomingMessage): CachedPageRule | undefined;
  /** Answers from the cache (rendering the page first if needed); false when the caller must let Next.js answer. */
  serve(request: IncomingMessage, response: ServerResponse, rule: CachedPageRule): Promise<boolean>;
}

/**
 * `origin`: where to ask for a render (fillOrigin). `host`: the Host header of every render (APP_URL's), never the
 * visitor's: a page kept for everyone must not depend on what one client sent.
 */
export function pageCache(options: { origin: string; host: string; rules: readonly CachedPageRule[] }): PageCache {
  const rules = new Map(options.rules.map((rule) => [rule.path, rule]));
  const pages = new Map<string, StoredPage>();
  const fills = new Map<string, Promise<StoredPage | null>>();

  function fill(url: string, version: string): Promise<StoredPage | null> {
    const key = `${version}\n${url}`;
    let pending = fills.get(key);
    if (!pending) {
      const storedAt = Date.now();
      pending = render(options.origin, url, options.host)
        .then((rendered) => {
          const page = toStoredPage(rendered, version, storedAt);
          if (typeof page === "string") {
            logger.warn({ url, reason: page }, "page cache: not storing the page");
            return null;
          }
          // A slower fill of an older version never replaces a newer page.
          if ((pages.get(url)?.storedAt ?? -1) > storedAt) return page;
          pages.delete(url);
          pages.set(url, page);
          if (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value!);
          return page;
        })
        .finally(() => fills.delete(key));
      fills.set(key, pending);
    }
    return pending;
  }

  return {
    ruleFor(request) {
      if (request.method !== "GET" || request.headers[FILL_HEADER] !== undefined) return undefined;
      if (ROUTER_HEADERS.some((name) => request.headers[name] !== undefined)) return undefined;
      if (/session-token=/.test(request.headers.cookie ?? "")) return undefined;
      const url = request.url ?? "";
      const query = url.indexOf("?");
      if (query >= 0 && /(?:^|&)_rsc=/.test(url.slice(query + 1))) return undefined;
      return rules.get(query >= 0 ? url.slice(0, query) : url);
    },

    async serve(request, response, rule) {
      const url = request.url!;
      let page: StoredPage | null;
      let hit = false;
      try {
        const version = await rule.version();
        const stored = pages.get(url);
        hit = stored !== undefined && stored.version === version && Date.now() - stored.storedAt < rule.maxAgeMs;
        page = hit ? stored! : await fill(url, version);
      } catch (error) {
        logger.warn({ err: error, url }, "page cache: could not check or render the page; Next.js answers");
        return false;
      }
      if (!page) return false;
      const nonce = newNonce();
      const head: string[] = [];
      for (const [name, parts] of page.headers) head.push(name, parts.join(nonce));
      let body = Buffer.from(page.body.join(nonce));
      if (acceptsGzip(request.headers["accept-encoding"])) {
        body = await gzipAsync(body);
        head.push("Content-Encoding", "gzip");
      }
      head.push("Content-Length", String(body.length), CACHE_STATUS_HEADER, hit ? "hit" : "miss");
      response.writeHead(page.status, head);
      response.end(body);
      return true;
    },
  };
}
