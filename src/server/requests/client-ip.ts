/**
 * The client address for the per-IP limit: the last X-Forwarded-For hop, i.e. the one our own
 * reverse proxy (or Next.js) appended, which a client cannot forge.
 */
export function clientIpFrom(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",").map((part) => part.trim()).filter(Boolean);
  return (forwarded?.at(-1) ?? headers.get("x-real-ip") ?? null)?.slice(0, 45) ?? null;
}
