/** The part of a maintenance window the route servers care about. */
export interface MaintenanceSpan {
  startsAt: Date;
  endsAt: Date;
}

/** When the route servers start signalling graceful shutdown for a window: `leadMinutes` before it. */
export function shutdownStartsAt(span: MaintenanceSpan, leadMinutes: number): Date {
  return new Date(span.startsAt.getTime() - leadMinutes * 60_000);
}

/**
 * The one rule for RFC 8326 graceful shutdown: from the lead time before the window until its end.
 * The route-server render and the maintenance job (which marks configs changed at both edges) both use it.
 */
export function signalsShutdown(span: MaintenanceSpan, now: Date, leadMinutes: number): boolean {
  return shutdownStartsAt(span, leadMinutes) <= now && now < span.endsAt;
}
