import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { type DefaultSession, type Session } from "next-auth";
import type { NextRequest } from "next/server";
import Nodemailer from "next-auth/providers/nodemailer";
import { getDb } from "@/server/db/client";
import { accounts, sessions, users, verificationTokens } from "@/server/db/schema";
import { env, requireSecret } from "@/server/env";
import type { UserRole } from "@/shared/enums";
import { LOGIN_PROVIDER_ID } from "./provider";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: UserRole; clientId: number | null } & DefaultSession["user"];
  }
  interface User {
    role?: UserRole;
    clientId?: number | null;
  }
}

// Auth.js builds sign-in links and redirects from AUTH_URL when set, else from the request's Host, which
// behind a reverse proxy is an address members cannot open. APP_URL is the one public address we know.
process.env.AUTH_URL ??= `${env().APP_URL.replace(/\/+$/, "")}/api/auth`;

/** Auth.js redirect callback: always APP_URL's origin with the path asked for, never another site. */
export function appRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  const app = new URL(env().APP_URL);
  const target = new URL(url, baseUrl);
  const sameSite = target.origin === app.origin || target.origin === baseUrl;
  return sameSite ? new URL(`${target.pathname}${target.search}${target.hash}`, app).href : app.href;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  adapter: DrizzleAdapter(getDb(), {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  }),
  secret: requireSecret("AUTH_SECRET"),
  trustHost: true,
  session: { strategy: "database", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/login", verifyRequest: "/login/check-email", error: "/login" },
  providers: [
    // Auth.js only checks the links (callback); they are made and emailed by login-link.ts.
    Nodemailer({ id: LOGIN_PROVIDER_ID, server: "smtp://localhost:25", from: env().MAIL_FROM }),
  ],
  callbacks: {
    // Auth.js's own "email me a link" endpoint (POST /api/auth/signin/nodemailer) would answer known and
    // unknown addresses differently; it sends nothing and everyone gets the same page. The form uses
    // emailLoginLink instead.
    signIn({ email }) {
      return email?.verificationRequest ? "/login/check-email" : true;
    },
    // After signing in, always APP_URL's origin and the path asked for, whatever host the request came in on.
    redirect: appRedirect,
    // Never the adapter's session row (its token is the cookie's value): only who is signed in.
    session({ session, user }) {
      const row = user as typeof user & { role: UserRole; clientId: number | null };
      return {
        user: { id: row.id, email: row.email, name: row.name, role: row.role, clientId: row.clientId },
        expires: session.expires,
      } as typeof session;
    },
  },
}));

/**
 * GET /api/auth/session is readable by any script on the site: it gets who is signed in for display
 * (name, email, role), not the ids server code uses.
 */
export async function sessionRouteGet(request: NextRequest): Promise<Response> {
  const response = await handlers.GET(request);
  if (!request.nextUrl.pathname.endsWith("/session") || !response.ok) return response;
  const session = (await response.json()) as Session | null;
  const visible = session?.user ? { user: { name: session.user.name ?? null, email: session.user.email, role: session.user.role }, expires: session.expires } : null;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(visible), { status: response.status, headers });
}
