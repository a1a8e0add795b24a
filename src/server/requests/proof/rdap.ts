import { z } from "zod";
import { env } from "@/server/env";

/** RDAP roles (RFC 9083 §10.2.4) whose mailboxes may prove that the requester holds the ASN. */
export const RDAP_CONTACT_ROLES = ["technical", "administrative", "abuse", "noc"] as const;

export interface RdapEmail {
  role: string;
  email: string;
}

/** The RDAP base URL that serves this ASN, from an RFC 9224 bootstrap file; null when none does. */
export function rdapBaseUrlFor(bootstrap: unknown, asn: number): string | null {
  const parsed = z.object({ services: z.array(z.tuple([z.array(z.string()), z.array(z.string())])) }).safeParse(bootstrap);
  if (!parsed.success) return null;
  for (const [ranges, urls] of parsed.data.services) {
    const covers = ranges.some((range) => {
      const [low, high = low] = range.split("-").map(Number);
      return low !== undefined && asn >= low && asn <= high!;
    });
    // RFC 9224 §3: prefer https when a service lists several URLs.
    if (covers) return urls.find((url) => url.startsWith("https:")) ?? urls[0] ?? null;
  }
  return null;
}

const vcardProperty = z.tuple([z.string(), z.unknown(), z.string(), z.unknown()]).rest(z.unknown());
interface RdapEntity {
  roles?: unknown;
  vcardArray?: unknown;
  entities?: unknown;
}

/** Email addresses in a jCard (RFC 7095): ["vcard", [["email", {}, "text", "noc@example.net"], ...]]. */
export function vcardEmails(vcardArray: unknown): string[] {
  if (!Array.isArray(vcardArray) || vcardArray[0] !== "vcard" || !Array.isArray(vcardArray[1])) return [];
  return vcardArray[1].flatMap((property: unknown) => {
    const parsed = vcardProperty.safeParse(property);
    if (!parsed.success || parsed.data[0].toLowerCase() !== "email") return [];
    const value = parsed.data[3];
    return typeof value === "string" && z.email().safeParse(value.trim()).success ? [value.trim().toLowerCase()] : [];
  });
}

/**
 * The contact mailboxes of an RDAP autnum answer: every entity with one of the contact roles, each address
 * once per role. Nested entities count only below the registrant or such a contact (ARIN hangs the contacts
 * below the registrant): below a registrar, sponsor or reseller they are that organisation's, not the holder's.
 */
export function rdapContactEmails(autnum: unknown): RdapEmail[] {
  const found = new Map<string, RdapEmail>();
  const visit = (entities: unknown, depth: number) => {
    if (!Array.isArray(entities) || depth > 4) return;
    for (const entity of entities as RdapEntity[]) {
      if (typeof entity !== "object" || entity === null) continue;
      const roles = Array.isArray(entity.roles) ? entity.roles.filter((r): r is string => typeof r === "string") : [];
      const contactRoles = roles.filter((r) => (RDAP_CONTACT_ROLES as readonly string[]).includes(r));
      for (const role of contactRoles) {
        for (const email of vcardEmails(entity.vcardArray)) found.set(`${role} ${email}`, { role, email });
      }
      if (contactRoles.length > 0 || roles.includes("registrant")) visit(entity.entities, depth + 1);
    }
  };
  visit((autnum as RdapEntity | null)?.entities, 0);
  return [...found.values()];
}

export type RdapLookup = { ok: true; service: string; emails: RdapEmail[] } | { ok: false; problem: string };

let bootstrapCache: { url: string; fetchedAt: number; body: unknown } | null = null;
const BOOTSTRAP_KEEP_MS = 24 * 3600 * 1000;

async function getJson(url: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { headers: { Accept: "application/rdap+json, application/json" }, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) {
    await response.body?.cancel();
    return { status: response.status, body: null };
  }
  return { status: response.status, body: await response.json().catch(() => null) };
}

const failure = (error: unknown, what: string) =>
  (error as Error).name === "TimeoutError" ? `${what} did not answer in time` : `${what} could not be reached`;

/** The ASN's contact mailboxes from its RIR's RDAP service; every failure is a sentence for the requester. */
export async function lookupRdapContacts(asn: number, options: { bootstrapUrl?: string; timeoutMs?: number } = {}): Promise<RdapLookup> {
  const bootstrapUrl = options.bootstrapUrl ?? env().RDAP_BOOTSTRAP_URL;
  const timeoutMs = options.timeoutMs ?? env().RDAP_TIMEOUT_MS;
  let bootstrap = bootstrapCache?.url === bootstrapUrl && Date.now() - bootstrapCache.fetchedAt < BOOTSTRAP_KEEP_MS ? bootstrapCache.body : null;
  if (!bootstrap) {
    try {
      const answer = await getJson(bootstrapUrl, timeoutMs);
      if (!answer.body) return { ok: false, problem: `The registry directory (RDAP bootstrap) answered HTTP ${answer.status}` };
      bootstrap = answer.body;
      bootstrapCache = { url: bootstrapUrl, fetchedAt: Date.now(), body: bootstrap };
    } catch (error) {
      return { ok: false, problem: failure(error, "The registry directory (RDAP bootstrap)") };
    }
  }
  const base = rdapBaseUrlFor(bootstrap, asn);
  if (!base) return { ok: false, problem: `No regional internet registry publishes an RDAP record for AS${asn}` };
  const service = new URL(base).host;
  try {
    const answer = await getJson(new URL(`autnum/${asn}`, base.endsWith("/") ? base : `${base}/`).href, timeoutMs);
    if (answer.status === 404) return { ok: false, problem: `The registry (${service}) has no RDAP record for AS${asn}` };
    if (!answer.body) return { ok: false, problem: `The registry (${service}) answered HTTP ${answer.status}` };
    const emails = rdapContactEmails(answer.body);
    if (emails.length === 0) return { ok: false, problem: `The RDAP record of AS${asn} at ${service} lists no contact email` };
    return { ok: true, service, emails };
  } catch (error) {
    return { ok: false, problem: failure(error, `The registry's RDAP service (${service})`) };
  }
}
