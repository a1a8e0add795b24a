import type { UserRole } from "@/shared/enums";

const RANK: Record<UserRole, number> = { member: 0, volunteer: 1, admin: 2 };

/** Volunteers can do what members can't; admins can do everything volunteers can. */
export function hasRole(actual: UserRole, required: UserRole): boolean {
  return RANK[actual] >= RANK[required];
}

/** Where a user lands after signing in when no page was asked for. */
export function homeFor(role: UserRole): string {
  return hasRole(role, "volunteer") ? "/admin" : "/portal";
}
