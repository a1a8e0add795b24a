import { BirdClient, BirdError, type BirdLine } from "@/server/routeserver/bird-client";
import type { RouteServerRecord } from "@/server/routeserver/queries";

/**
 * Every looking-glass read of BIRD goes through here: identical commands within the cache time share one
 * answer (also while it is still being fetched), BIRD gets at most `queriesPerSecond` new commands per route
 * server, and a route server that does not answer within `timeoutMs` is "not reachable", never a hung page.
 */

export interface ReaderSettings {
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
const nextSlot = new Map<number, number>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reserves the next start time BIRD may be asked at; refuses when that is further away than the timeout. */
async function waitForSlot(routeServer: RouteServerRecord, settings: ReaderSettings): Promise<void> {
  const now = Date.now();
  const slot = Math.max(now, nextSlot.get(routeServer.id) ?? 0);
  if (slot - now > settings.timeoutMs) throw new RouteServerBusyError(routeServer.name);
  nextSlot.set(routeServer.id, slot + 1000 / settings.queriesPerSecond);
  if (slot > now) await sleep(slot - now);
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

/** Per-client fixed one-minute windows, in memory (each web replica counts its own). */
const clientWindows = new Map<string, { minute: number; count: number }>();

/** True while `client` has requests left this minute; counts this one. */
export function takeClientRequest(client: string, perMinute: number, now = Date.now()): boolean {
  const minute = Math.floor(now / 60_000);
  if (clientWindows.size > 50_000) for (const [key, window] of clientWindows) if (window.minute !== minute) clientWindows.delete(key);
  const window = clientWindows.get(client);
  if (!window || window.minute !== minute) {
    clientWindows.set(client, { minute, count: 1 });
    return true;
  }
  window.count += 1;
  return window.count <= perMinute;
}
