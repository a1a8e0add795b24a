import { forbidden, redirect } from "next/navigation";
import type { UserRole } from "@/shared/enums";
import { auth } from "./config";
import { hasRole } from "./roles";

export interface SessionUser {
  id: string;
  email: string;
  role: UserRole;
  clientId: number | null;
}

export async function currentUser(): Promise<SessionUser | null> {
  const session = await auth();
  if (!session?.user?.email) return null;
  const { id, email, role, clientId } = session.user;
  return { id, email, role, clientId };
}

export type Authorization = { ok: true; user: SessionUser } | { ok: false; status: 401 | 403; message: string };

/** For route handlers and server actions: never redirects, says why. */
export async function authorize(required: UserRole): Promise<Authorization> {
  const user = await currentUser();
  if (!user) return { ok: false, status: 401, message: "sign in first" };
  if (!hasRole(user.role, required)) return { ok: false, status: 403, message: `this needs the ${required} role` };
  return { ok: true, user };
}

/** For pages: anonymous visitors go to the login page, others without the role get 403. */
export async function requireRole(required: UserRole, returnTo = "/"): Promise<SessionUser> {
  const user = await currentUser();
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

