import NextAuth from "next-auth";
import type { OAuthConfig } from "next-auth/providers";
import { cookies } from "next/headers";
import { z } from "zod";
import { appRedirect } from "@/server/auth/config";
import { getDb } from "@/server/db/client";
import { env, requireSecret } from "@/server/env";
import { logger } from "@/server/log";
import { isStatusToken } from "@/server/requests/tokens";
import { ProofError, recordPeeringDbProof } from "./service";

/**
 * "Sign in with PeeringDB" as proof of ASN holdership. A second Auth.js instance of its own, apart from
 * the portal's login: no adapter, no session, no user row. Its signIn callback records the proof on the
 * request the requester started from (a short-lived cookie) and always answers with a redirect back to
 * that request's status page, so Auth.js never signs anybody in and nobody gains a role.
 */
export const PROOF_AUTH_BASE_PATH = "/api/proof/auth";
export const PROOF_REQUEST_COOKIE = "ixp-proof-request";
export const PROOF_COOKIE_PATH = "/api/proof";
export const PEERINGDB_PROVIDER_ID = "peeringdb";

export function peeringDbLoginEnabled(): boolean {
  const config = env();
  return Boolean(config.PEERINGDB_OAUTH_CLIENT_ID && config.PEERINGDB_OAUTH_CLIENT_SECRET);
}

/** PeeringDB's profile endpoint (scope "networks"): the user and the networks they are affiliated with. */
const profileSchema = z.object({
  id: z.union([z.number(), z.string()]),
  name: z.string().nullish(),
  email: z.string().nullish(),
  networks: z.array(z.object({ asn: z.number().int(), perms: z.number().int(), name: z.string().nullish(), id: z.number().int().optional() })).default([]),
});
type PeeringDbRawProfile = z.input<typeof profileSchema>;

/** PeeringDB's OAuth 2.0 endpoints (auth.peeringdb.com) as Auth.js describes an OAuth provider. */
function peeringDbProvider(): OAuthConfig<PeeringDbRawProfile> {
  const config = env();
  const base = config.PEERINGDB_OAUTH_URL.replace(/\/+$/, "");
  return {
    id: PEERINGDB_PROVIDER_ID,
    name: "PeeringDB",
    type: "oauth",
    // Compared with the "iss" of the authorization response (RFC 9207) when the server sends one.
    issuer: base,
    authorization: { url: `${base}/oauth2/authorize/`, params: { scope: "profile email networks" } },
    token: `${base}/oauth2/token/`,
    userinfo: `${base}/profile/v1`,
    clientId: config.PEERINGDB_OAUTH_CLIENT_ID,
    clientSecret: config.PEERINGDB_OAUTH_CLIENT_SECRET,
    checks: ["pkce", "state"],
    profile: (raw) => ({ id: String(raw.id), name: raw.name ?? null, email: raw.email ?? null }),
  };
}

/** Where the requester lands: their status page with what happened, or /connect when we lost track of the request. */
export function proofReturnPath(statusToken: string | undefined, outcome: string, extra: Record<string, string> = {}): string {
  if (!statusToken || !isStatusToken(statusToken)) return "/connect?proof=lost";
  return `/requests/${encodeURIComponent(statusToken)}?${new URLSearchParams({ proof: outcome, ...extra })}`;
}

async function recordFromProfile(profile: unknown): Promise<string> {
  const statusToken = (await cookies()).get(PROOF_REQUEST_COOKIE)?.value;
  if (!statusToken) return proofReturnPath(undefined, "lost");
  const parsed = profileSchema.safeParse(profile);
  if (!parsed.success) {
    logger.warn({ issues: parsed.error.issues }, "PeeringDB profile not understood");
    return proofReturnPath(statusToken, "peeringdb-failed");
  }
  try {
    const outcome = await recordPeeringDbProof(getDb(), statusToken, parsed.data);
    if (outcome.ok) return proofReturnPath(statusToken, "peeringdb");
    return proofReturnPath(statusToken, "peeringdb-not-affiliated", { networks: outcome.networks.join(",") });
  } catch (error) {
    if (error instanceof ProofError) return proofReturnPath(statusToken, "closed");
    throw error;
  }
}

function proofCookie(name: string, maxAge?: number) {
  const secure = env().APP_URL.startsWith("https:");
  return { name: `ixp-proof.${name}`, options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure, ...(maxAge ? { maxAge } : {}) } };
}

export const { handlers: proofHandlers, signIn: proofSignIn } = NextAuth(() => ({
  basePath: PROOF_AUTH_BASE_PATH,
  secret: requireSecret("AUTH_SECRET"),
  trustHost: true,
  session: { strategy: "jwt", maxAge: 60 },
  // Its own cookie names, so a proof sign-in never touches the portal login's cookies.
  cookies: {
    sessionToken: proofCookie("session"),
    callbackUrl: proofCookie("callback-url"),
    csrfToken: proofCookie("csrf"),
    pkceCodeVerifier: proofCookie("pkce", 900),
    state: proofCookie("state", 900),
    nonce: proofCookie("nonce"),
  },
  pages: { error: "/api/proof/failed", signIn: "/api/proof/failed" },
  providers: peeringDbLoginEnabled() ? [peeringDbProvider()] : [],
  callbacks: {
    // Always a redirect (a string): the proof is recorded and nobody is signed in.
    signIn: ({ profile }) => recordFromProfile(profile),
    redirect: appRedirect,
  },
}));
