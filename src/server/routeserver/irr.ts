import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { asns, ips, irrPrefixSets, routeServers } from "@/server/db/schema";
import type { Env } from "@/server/env";
import { AS_SET_PATTERN } from "@/shared/validation/irr";
import type { IrrPrefixEntry } from "./model";

const run = promisify(execFile);

export interface IrrFetchResult {
  prefixes: Record<4 | 6, IrrPrefixEntry[]>;
  originAsns: number[];
}

export interface IrrServerOptions {
  server: string;
  sources: string;
  binary: string;
  timeoutMs: number;
}

/** null when no IRR server is configured: fetching is off and the stored lists stay in use. */
export function irrServerOptionsFromEnv(env: Env): IrrServerOptions | null {
  if (env.IRR_SERVER === undefined) return null;
  return { server: env.IRR_SERVER, sources: env.IRR_SOURCES, binary: env.BGPQ4_BINARY, timeoutMs: env.IRR_TIMEOUT_SECONDS * 1000 };
}

/** bgpq4 may exit 0 after an error, so stderr is part of the answer. */
async function bgpq4(args: string[], options: IrrServerOptions): Promise<unknown> {
  const base = ["-h", options.server, ...(options.sources ? ["-S", options.sources] : []), "-j"];
  let stdout: string;
  let stderr: string;
  try {
    ({ stdout, stderr } = await run(options.binary, [...base, ...args], { timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    const detail = String((error as { stderr?: string }).stderr || (error as Error).message).trim().split("\n")[0];
    throw new Error(`bgpq4 failed: ${detail}`);
  }
  const problem = stderr.split("\n").find((line) => /error|fatal|unable|failed/i.test(line));
  if (problem) throw new Error(`bgpq4: ${problem.trim()}`);
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error("bgpq4 printed something that is not JSON");
  }
}

function entries(json: unknown): IrrPrefixEntry[] {
  const list = (json as { l?: unknown }).l;
  if (!Array.isArray(list)) throw new Error("bgpq4 output has no prefix list");
  return list.map((item: { prefix?: unknown; exact?: unknown; "greater-equal"?: unknown; "less-equal"?: unknown }) => {
    if (typeof item.prefix !== "string") throw new Error("bgpq4 output has an entry without prefix");
    const entry: IrrPrefixEntry = { prefix: item.prefix };
    if (typeof item["greater-equal"] === "number") entry.ge = item["greater-equal"];
    if (typeof item["less-equal"] === "number") entry.le = item["less-equal"];
    return entry;
  });
}

/** Prefix lists (both families) and origin ASNs of an AS-SET, or of an ASN on its own. */
export async function fetchIrr(target: string, options: IrrServerOptions): Promise<IrrFetchResult> {
  if (!AS_SET_PATTERN.test(target)) throw new Error(`${JSON.stringify(target.slice(0, 60))} is not an AS-SET or ASN`);
  const [v4, v6, origins] = await Promise.all([
    bgpq4(["-4", "-A", "-l", "l", target], options),
    bgpq4(["-6", "-A", "-l", "l", target], options),
    bgpq4(["-t", "-l", "l", target], options),
  ]);
  const originAsns = (origins as { l?: unknown }).l;
  if (!Array.isArray(originAsns)) throw new Error("bgpq4 output has no ASN list");
  return { prefixes: { 4: entries(v4), 6: entries(v6) }, originAsns: originAsns.filter((n): n is number => Number.isSafeInteger(n)).sort((a, b) => a - b) };
}

export interface IrrRefreshResult {
  refreshed: number;
  unchanged: number;
  failed: { asn: number; error: string }[];
}

/**
 * Refreshes the stored lists of every route-server client with a provisioned address. A failed
 * fetch keeps the stored list (recording the error), so route servers keep filtering on it.
 */
export async function refreshIrrPrefixSets(db: Database, options: IrrServerOptions, now: Date, onlyAsn?: number): Promise<IrrRefreshResult> {
  const members = await db
    .selectDistinct({ id: asns.id, asn: asns.asn, asSet: asns.asSet })
    .from(asns)
    .innerJoin(ips, eq(ips.asnId, asns.id))
    .where(and(eq(asns.rsClient, true), eq(ips.provisioned, true), onlyAsn === undefined ? undefined : eq(asns.asn, onlyAsn)));
  const result: IrrRefreshResult = { refreshed: 0, unchanged: 0, failed: [] };
  for (const member of members) {
    const target = member.asSet && AS_SET_PATTERN.test(member.asSet) ? member.asSet : `AS${member.asn}`;
    const stored = await db.select().from(irrPrefixSets).where(eq(irrPrefixSets.asnId, member.id));
    try {
      const fetched = await fetchIrr(target, options);
      const rows = ([4, 6] as const).map((family) => ({
        asnId: member.id,
        family,
        prefixes: JSON.stringify(fetched.prefixes[family]),
        originAsns: fetched.originAsns,
        source: `${options.server}${options.sources ? ` (${options.sources})` : ""}: ${target}`.slice(0, 128),
        fetchedAt: now,
        lastError: null,
      }));
      const changed = rows.some((row) => stored.find((s) => s.family === row.family)?.prefixes !== row.prefixes);
      await db.transaction(async (tx) => {
        for (const row of rows) {
          await tx.insert(irrPrefixSets).values(row).onDuplicateKeyUpdate({ set: { prefixes: row.prefixes, originAsns: row.originAsns, source: row.source, fetchedAt: now, lastError: null } });
        }
        if (changed) await tx.update(routeServers).set({ configChangedAt: now }).where(sql`1 = 1`);
      });
      if (changed) result.refreshed++;
      else result.unchanged++;
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      result.failed.push({ asn: member.asn, error: message });
      if (stored.length) await db.update(irrPrefixSets).set({ lastError: message }).where(eq(irrPrefixSets.asnId, member.id));
    }
  }
  return result;
}
