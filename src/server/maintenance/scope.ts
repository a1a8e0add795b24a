import type { MaintenanceScope } from "@/shared/enums";

/** What decides which route servers a window concerns. */
export interface WindowTarget {
  scope: MaintenanceScope;
  locationId: number | null;
  routeServerId: number | null;
}

/**
 * A route server is in a window when it is the one being maintained, stands at the POP being maintained,
 * or the whole IX is: then its sessions go down and it signals graceful shutdown beforehand.
 */
export function windowCoversRouteServer(window: WindowTarget, routeServer: { id: number; locationId: number }): boolean {
  if (window.scope === "ix") return true;
  if (window.scope === "route-server") return window.routeServerId === routeServer.id;
  return window.locationId === routeServer.locationId;
}
