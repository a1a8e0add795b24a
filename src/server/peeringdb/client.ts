import { z } from "zod";
import { env } from "@/server/env";
import { safeWebUrl } from "@/shared/web-url";
import { parseIrrAsSet } from "./as-set";

/** What the request form and ASN pages prefill from PeeringDB. */
export interface PeeringDbNetwork {
  peeringdbNetId: number;
  asn: number;
  name: string;
  website: string | null;
  /** The first AS-SET PeeringDB lists, without its IRR source prefix; null when none or not a valid AS-SET name. */
  asSet: string | null;
  irrSource: string | null;
  prefixes4: number | null;
  prefixes6: number | null;
}

export type PeeringDbLookup =
  | { found: true; network: PeeringDbNetwork }
  /** "not on PeeringDB": the network is not there, or PeeringDB could not be asked. Never an error for the caller. */
  | { found: false; reason: "not_found" | "unreachable"; detail: string };

export interface PeeringDbOptions {
  baseUrl?: string;
  apiKey?: string;
  timeoutMs?: number;
}

const countSchema = z.number().int().min(0).nullish().transform((value) => value ?? null);

const netSchema = z.object({
  id: z.number().int(),
  asn: z.number().int(),
  name: z.string(),
  website: z.string().nullish(),
  irr_as_set: z.string().nullish(),
  info_prefixes4: countSchema,
  info_prefixes6: countSchema,
});

const responseSchema = z.object({ data: z.array(z.unknown()) });

function toNetwork(raw: z.infer<typeof netSchema>): PeeringDbNetwork {
  const irr = parseIrrAsSet(raw.irr_as_set ?? "");
  return {
    peeringdbNetId: raw.id,
    asn: raw.asn,
    name: raw.name.trim().slice(0, 255),
    website: safeWebUrl(raw.website),
    asSet: irr?.asSet ?? null,
    irrSource: irr?.source ?? null,
    prefixes4: raw.info_prefixes4,
    prefixes6: raw.info_prefixes6,
  };
}

/** GET /api/net with these query parameters, from PEERINGDB_URL unless given; null when lookups are off. */
function requestNet(params: Record<string, string>, options: PeeringDbOptions): Promise<Response> | null {
  const config = env();
  const baseUrl = options.baseUrl ?? config.PEERINGDB_URL;
  if (!baseUrl) return null;
  const apiKey = options.apiKey ?? config.PEERINGDB_API_KEY;
  const url = new URL("/api/net", baseUrl);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return fetch(url, {
    headers: { Accept: "application/json", ...(apiKey ? { Authorization: `Api-Key ${apiKey}` } : {}) },
    signal: AbortSignal.timeout(options.timeoutMs ?? config.PEERINGDB_TIMEOUT_MS),
    redirect: "follow",
  });
}

/** Looks a network up by ASN (GET /api/net?asn=N). Answers within the timeout, whatever PeeringDB does. */
export async function lookupNetwork(asn: number, options: PeeringDbOptions = {}): Promise<PeeringDbLookup> {
  const pending = requestNet({ asn: String(asn) }, options);
  if (!pending) return { found: false, reason: "unreachable", detail: "PeeringDB lookups are off (PEERINGDB_URL is not set)" };
  let response: Response;
  try {
    response = await pending;
  } catch (error) {
    const name = (error as Error).name;
    const detail = name === "TimeoutError" ? "PeeringDB did not answer in time" : "PeeringDB could not be reached";
    return { found: false, reason: "unreachable", detail };
  }
  if (response.status === 404) return { found: false, reason: "not_found", detail: `AS${asn} is not on PeeringDB` };
  if (!response.ok) {
    await response.body?.cancel();
    return { found: false, reason: "unreachable", detail: `PeeringDB answered HTTP ${response.status}` };
  }
  try {
    const { data } = responseSchema.parse(await response.json());
    const match = data.map((entry) => netSchema.safeParse(entry)).find((parsed) => parsed.success && parsed.data.asn === asn);
    if (!match?.success) return { found: false, reason: "not_found", detail: `AS${asn} is not on PeeringDB` };
    return { found: true, network: toNetwork(match.data) };
  } catch {
    return { found: false, reason: "unreachable", detail: "PeeringDB sent an answer that is not a network list" };
  }
}

/** The data of a list answer, or an error that says what went wrong (for jobs that keep their stored data then). */
async function listNet(params: Record<string, string>, options: PeeringDbOptions): Promise<unknown[]> {
  const pending = requestNet(params, options);
  if (!pending) throw new Error("PeeringDB lookups are off (PEERINGDB_URL is not set)");
  let response: Response;
  try {
    response = await pending;
  } catch (error) {
    throw new Error((error as Error).name === "TimeoutError" ? "PeeringDB did not answer in time" : "PeeringDB could not be reached");
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`PeeringDB answered HTTP ${response.status}`);
  }
  const parsed = responseSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new Error("PeeringDB sent an answer that is not a network list");
  return parsed.data.data;
}

const countsSchema = z.object({ asn: z.number().int(), info_prefixes4: countSchema, info_prefixes6: countSchema });

/** Published prefix counts of many networks, asked in batches (asn__in); networks not on PeeringDB are absent. */
export async function fetchPrefixCounts(asnList: readonly number[], options: PeeringDbOptions = {}): Promise<Map<number, { prefixes4: number | null; prefixes6: number | null }>> {
  const counts = new Map<number, { prefixes4: number | null; prefixes6: number | null }>();
  const batch = 100;
  for (let i = 0; i < asnList.length; i += batch) {
    const data = await listNet({ asn__in: asnList.slice(i, i + batch).join(","), fields: "asn,info_prefixes4,info_prefixes6" }, options);
    for (const entry of data) {
      const parsed = countsSchema.safeParse(entry);
      if (parsed.success) counts.set(parsed.data.asn, { prefixes4: parsed.data.info_prefixes4, prefixes6: parsed.data.info_prefixes6 });
    }
  }
  return counts;
}

const flaggedSchema = z.object({ asn: z.number().int().min(1).max(4294967294) });

/** ASNs of the networks that set "never via route servers" (info_never_via_route_servers). */
export async function fetchNeverViaRouteServers(options: PeeringDbOptions = {}): Promise<number[]> {
  const data = await listNet({ info_never_via_route_servers: "1", fields: "asn" }, options);
  const asnsFlagged = data.flatMap((entry) => {
    const parsed = flaggedSchema.safeParse(entry);
    return parsed.success ? [parsed.data.asn] : [];
  });
  return [...new Set(asnsFlagged)].sort((a, b) => a - b);
}

/** PeeringDB contact roles whose published mailboxes may prove that a requester holds the network's ASN. */
export const PEERINGDB_PROOF_ROLES = ["Policy", "Technical", "NOC"] as const;

const pocSchema = z.object({ role: z.string(), email: z.string().nullish(), visible: z.string().nullish() });
const netWithPocsSchema = z.object({ asn: z.number().int(), poc_set: z.array(z.unknown()).nullish() });

export type PeeringDbContacts = { ok: true; contacts: { role: string; email: string }[] } | { ok: false; problem: string };

/**
 * The network's public role contacts with an email (GET /api/net?asn=N&depth=2, its poc_set); every
 * failure is a sentence for the requester.
 */
export async function fetchNetworkContacts(asn: number, options: PeeringDbOptions = {}): Promise<PeeringDbContacts> {
  let data: unknown[];
  try {
    data = await listNet({ asn: String(asn), depth: "2" }, options);
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
  const net = data.map((entry) => netWithPocsSchema.safeParse(entry)).find((parsed) => parsed.success && parsed.data.asn === asn);
  if (!net?.success) return { ok: false, problem: `AS${asn} is not on PeeringDB` };
  const contacts = (net.data.poc_set ?? []).flatMap((entry) => {
    const poc = pocSchema.safeParse(entry);
    if (!poc.success || !(PEERINGDB_PROOF_ROLES as readonly string[]).includes(poc.data.role)) return [];
    const email = poc.data.email?.trim().toLowerCase();
    return email && z.email().safeParse(email).success ? [{ role: poc.data.role, email }] : [];
  });
  if (contacts.length === 0) return { ok: false, problem: `PeeringDB lists no public policy, technical or NOC email for AS${asn}` };
  return { ok: true, contacts };
}
