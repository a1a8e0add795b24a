import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { getDb } from "@/server/db/client";
import { DatabaseUnavailableError } from "@/server/errors";
import { checkHealth } from "@/server/health/check";
import type { UserRole } from "@/shared/enums";
import { auth } from "./config";
import { hasRole } from "./roles";

export interface SessionUser {
  id: string;
  email: string;
  role: UserRole;
  clientId: number | null;
}

/** Auth.js's session cookie: authjs.session-token, with a __Secure- prefix on https. */
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token$/;

/** The signed-in user, null when not signed in; throws DatabaseUnavailableError when we cannot tell. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await auth();
  if (session?.user?.email) {
    const { id, email, role, clientId } = session.user;
    return { id, email, role, clientId };
  }
  // Auth.js reports a failed session lookup as "no session"; someone with a session cookie is not sent to
  // the login page just because the database is down.
  const hasSessionCookie = (await cookies()).getAll().some((cookie) => SESSION_COOKIE.test(cookie.name));
  if (hasSessionCookie && (await checkHealth(getDb())).db === "unreachable") throw new DatabaseUnavailableError();
  return null;
}

export type Authorization = { ok: true; user: SessionUser } | { ok: false; status: 401 | 403; message: string };

/** For route handlers and server actions: never redirects, says why. */
export async function authorize(required: UserRole): Promise<Authorization> {
  const user = await currentUser();
  if (!user) return { ok: false, status: 401, message: "sign in first" };
  if (!hasRole(user.role, required)) return { ok: false, status: 403, message: `this needs the ${required} role` };
  return { ok: true, user };
}

/**
 * For pages: anonymous visitors go to the login page, others without the role get 403, and everyone to
 * the "temporarily unavailable" page (503) while the database is down.
 */
export async function requireRole(required: UserRole, returnTo = "/"): Promise<SessionUser> {
  let user: SessionUser | null;
  try {
    user = await currentUser();
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) redirect(`/unavailable?from=${encodeURIComponent(returnTo)}`);
    throw error;
  }
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!hasRole(user.role, required)) forbidden();
  return user;
}

/** For member pages: the signed-in user must belong to this client (volunteers and admins may look at any). */
export async function requireMemberOfClient(clientId: number, returnTo = "/portal"): Promise<SessionUser> {
  const user = await requireRole("member", returnTo);
  if (user.clientId !== clientId && !hasRole(user.role, "volunteer")) forbidden();
  return user;
}
