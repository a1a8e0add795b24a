import { notFound } from "next/navigation";
import { requireMemberOfClient, requireRole, type SessionUser } from "@/server/auth/guard";
import { hasRole } from "@/server/auth/roles";
import { idSchema } from "@/shared/validation/form";

/**
 * Which client a portal page shows: the member's own; volunteers and admins may look at any client's
 * portal view with ?client=<id>. Members asking for another client get 403.
 */
export async function portalClient(requested: string | undefined, returnTo: string): Promise<{ user: SessionUser; clientId: number | null }> {
  const user = await requireRole("member", returnTo);
  if (requested === undefined) return { user, clientId: user.clientId };
  const parsed = idSchema.safeParse(requested);
  if (!parsed.success) notFound();
  await requireMemberOfClient(parsed.data, returnTo);
  return { user, clientId: parsed.data };
}

export const viewsOtherClient = (user: SessionUser, clientId: number) => hasRole(user.role, "volunteer") && user.clientId !== clientId;
