import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { reserveStart } from "@/server/db/pacing";
import { rateLimitBuckets } from "@/server/db/schema";
import { BirdClient, BirdError, type BirdLine } from "@/server/routeserver/bird-client";
import type { RouteServerRecord } from "@/server/routeserver/queries";

/**
 * Every looking-glass read of BIRD goes through here: identical commands within the cache time share one
 * answer (also while it is still being fetched; the cache is per web process), BIRD gets at most
 * `queriesPerSecond` new commands per route server from all web processes and hosts together (the pace is
 * kept in the database), and a route server that does not answer within `timeoutMs` is "not reachable",
 * never a hung page.
 */

export interface ReaderSettings {
  /** Where the pace is kept. */
  db: Database;
  queriesPerSecond: number;
  cacheSeconds: number;
  timeoutMs: number;
}

export interface BirdAnswer {
  lines: BirdLine[];
  fetchedAt: Date;
  fromCache: boolean;
}

/** BIRD could not be reached or did not answer in time. */
export class RouteServerNotReachableError extends Error {
  constructor(
    readonly routeServer: string,
    reason: string,
  ) {
    super(`route server ${routeServer} not reachable: ${reason}`);
  }
}

/** More people are looking than the per-route-server query cap lets through before the timeout. */
export class RouteServerBusyError extends Error {
  constructor(readonly routeServer: string) {
    super(`route server ${routeServer} is answering other looking-glass queries; try again in a few seconds`);
  }
}

const MAX_CACHED = 500;
const cache = new Map<string, { at: number; answer: Promise<{ lines: BirdLine[]; fetchedAt: Date }> }>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reserves the next start time BIRD may be asked at; refuses when that is further away than the timeout. */
async function waitForSlot(routeServer: RouteServerRecord, settings: ReaderSettings): Promise<void> {
  const waitMs = await reserveStart(settings.db, `lg-bird:${routeServer.id}`, 1000 / settings.queriesPerSecond, settings.timeoutMs);
  if (waitMs === null) throw new RouteServerBusyError(routeServer.name);
  if (waitMs > 0) await sleep(waitMs);
}

async function ask(routeServer: RouteServerRecord, command: string, settings: ReaderSettings): Promise<{ lines: BirdLine[]; fetchedAt: Date }> {
  await waitForSlot(routeServer, settings);
  const deadline = Date.now() + settings.timeoutMs;
  let client: BirdClient | undefined;
  let timer: NodeJS.Timeout | undefined;
  // The overall deadline also covers an SSH connection that hangs before BIRD's greeting.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RouteServerNotReachableError(routeServer.name, `no answer within ${settings.timeoutMs} ms`)), settings.timeoutMs);
  });
  try {
    return await Promise.race([
      (async () => {
        try {
          client = await BirdClient.connect(routeServer, settings.timeoutMs);
        } catch (error) {
          throw new RouteServerNotReachableError(routeServer.name, (error as Error).message);
        }
        try {
          const lines = await client.command(command, Math.max(1, deadline - Date.now()));
          return { lines, fetchedAt: new Date() };
        } catch (error) {
          // A numbered reply is BIRD's verdict on the command (e.g. no such protocol); anything else is the connection.
          if (error instanceof BirdError && error.code !== undefined) throw error;
          throw new RouteServerNotReachableError(routeServer.name, (error as Error).message);
        }
      })(),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
    client?.close();
  }
}

/** Runs one BIRD command for the looking glass, cached and paced as described above. */
export async function readBird(routeServer: RouteServerRecord, command: string, settings: ReaderSettings): Promise<BirdAnswer> {
  const key = `${routeServer.id}\n${command}`;
  const cached = cache.get(key);
  if (cached && Date.now() - cached.at < settings.cacheSeconds * 1000) {
    const answer = await cached.answer;
    return { ...answer, fromCache: true };
  }
  const answer = ask(routeServer, command, settings);
  if (settings.cacheSeconds > 0) {
    cache.delete(key);
    cache.set(key, { at: Date.now(), answer });
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
    answer.catch(() => cache.get(key)?.answer === answer && cache.delete(key));
  }
  return { ...(await answer), fromCache: false };
}

/**
 * True while `client` has requests left this minute; counts this one. Fixed one-minute windows in
 * `rate_limit_buckets`, so every web process and host counts against the same limit (the prune job removes
 * old windows).
 */
export async function takeClientRequest(db: Database, client: string, perMinute: number, now = new Date()): Promise<boolean> {
  const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const bucket = and(eq(rateLimitBuckets.kind, "lg"), eq(rateLimitBuckets.bucketKey, client), eq(rateLimitBuckets.windowStart, windowStart));
  await db
    .insert(rateLimitBuckets)
    .values({ kind: "lg", bucketKey: client, windowStart, hits: 1 })
    .onDuplicateKeyUpdate({ set: { hits: sql`${rateLimitBuckets.hits} + 1` } });
  const [row] = await db.select({ hits: rateLimitBuckets.hits }).from(rateLimitBuckets).where(bucket);
  return (row?.hits ?? 1) <= perMinute;
}
