/**
 * Runs once when the web server starts: bad configuration stops it here with one line per problem,
 * instead of failing on the first request. Then every request gets its client address, decided from
 * the socket and the trusted proxies (src/server/http/client-address.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env, EnvError, requireSecret } = await import("@/server/env");
  try {
    env();
    requireSecret("AUTH_SECRET");
  } catch (error) {
    const problems = error instanceof EnvError ? error.problems : [(error as Error).message];
    process.stderr.write(problems.map((problem) => `ixp-portal: invalid configuration: ${problem}\n`).join(""));
    process.exit(1);
  }
  const { labelClientAddresses } = await import("@/server/http/client-address");
  labelClientAddresses();
}
