/**
 * Runs once when the web server starts: bad configuration stops it here with one line per problem,
 * instead of failing on the first request. Then every request gets its client address, decided from
 * the socket and the trusted proxies (src/server/http/client-address.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkWebConfiguration } = await import("@/server/env");
  checkWebConfiguration();
  const { labelClientAddresses } = await import("@/server/http/client-address");
  labelClientAddresses();
}
