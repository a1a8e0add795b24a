import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { eq } from "drizzle-orm";
import NextAuth, { type DefaultSession } from "next-auth";
import Nodemailer from "next-auth/providers/nodemailer";
import { getDb } from "@/server/db/client";
import { accounts, sessions, users, verificationTokens } from "@/server/db/schema";
import { env, requireSecret } from "@/server/env";
import { sendEmail } from "@/server/mail/outbox";
import { mailTransport } from "@/server/mail/transport";
import type { UserRole } from "@/shared/enums";
import { loginEmail } from "./login-email";
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
    Nodemailer({
      id: LOGIN_PROVIDER_ID,
      // Unused: links go through our outbox so they are retried and visible on the admin mailbox page.
      server: env().SMTP_URL ?? "smtp://localhost:25",
      from: env().MAIL_FROM,
      async sendVerificationRequest({ identifier, url, token }) {
        await sendEmail(getDb(), mailTransport(), loginEmail(identifier, url, token));
      },
    }),
  ],
  callbacks: {
    // Only people the IX knows (members of approved clients, volunteers, admins) get a link; others see the
    // same "check your email" page so the form does not reveal who has an account.
    async signIn({ user, email }) {
      if (!email?.verificationRequest) return true;
      const [known] = await getDb().select({ id: users.id }).from(users).where(eq(users.email, (user.email ?? "").toLowerCase()));
      return known ? true : "/login/check-email";
    },
    session({ session, user }) {
      const row = user as typeof user & { role: UserRole; clientId: number | null };
      session.user.id = row.id;
      session.user.role = row.role;
      session.user.clientId = row.clientId;
      return session;
    },
  },
}));
