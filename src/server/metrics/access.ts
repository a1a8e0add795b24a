import { createHash, timingSafeEqual } from "node:crypto";
import { addressInRanges, parseAddressOrPrefix } from "@/server/http/client-address";

/** Who may scrape /metrics: METRICS_TOKEN as a bearer token, or a client address in METRICS_ALLOWED. */
export interface MetricsAccessConfig {
  token?: string;
  allowed: string[];
}

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403 | 404; message: string };

const sha256 = (text: string) => createHash("sha256").update(text).digest();

function bearerMatches(authorization: string | null, token: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  // Hashing first gives equal lengths, as timingSafeEqual needs, without revealing the token's length.
  return presented !== undefined && timingSafeEqual(sha256(presented), sha256(token));
}

const addressAllowed = (address: string | null, allowed: string[]) => address !== null && addressInRanges(address, allowed.map(parseAddressOrPrefix));

/**
 * Off (404, as if there were no such page) when neither is configured; either one grants access.
 * A wrong or missing token is 401 when a token is configured, else an address outside the list is 403.
 */
export function checkMetricsAccess(config: MetricsAccessConfig, request: { authorization: string | null; clientAddress: string | null }): MetricsAccess {
  if (!config.token && config.allowed.length === 0) return { ok: false, status: 404, message: "Not found" };
  if (config.token && bearerMatches(request.authorization, config.token)) return { ok: true };
  if (config.allowed.length > 0 && addressAllowed(request.clientAddress, config.allowed)) return { ok: true };
  if (config.token) return { ok: false, status: 401, message: "A valid bearer token (METRICS_TOKEN) is required." };
  return { ok: false, status: 403, message: `Metrics are not served to ${request.clientAddress ?? "this address"} (see METRICS_ALLOWED).` };
}
