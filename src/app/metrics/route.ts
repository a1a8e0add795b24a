import { getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { clientAddressFrom } from "@/server/http/client-address";
import { checkMetricsAccess } from "@/server/metrics/access";
import { METRICS_CONTENT_TYPE, metricsText } from "@/server/metrics/exporter";

export const dynamic = "force-dynamic";

/** Prometheus scrape target (docs/OPERATIONS.md, "Metrics"). */
export async function GET(request: Request) {
  const { METRICS_TOKEN, METRICS_ALLOWED, METRICS_CACHE_SECONDS } = env();
  const access = checkMetricsAccess(
    { token: METRICS_TOKEN, allowed: METRICS_ALLOWED },
    { authorization: request.headers.get("authorization"), clientAddress: clientAddressFrom(request.headers) },
  );
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (!access.ok) {
    if (access.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="metrics"';
    return new Response(`${access.message}\n`, { status: access.status, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
  }
  const text = await metricsText(getDb(), METRICS_CACHE_SECONDS);
  return new Response(text, { headers: { ...headers, "Content-Type": METRICS_CONTENT_TYPE } });
}
