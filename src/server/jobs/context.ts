import { eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { routeServers } from "@/server/db/schema";
import { mailTransport } from "@/server/mail/transport";
import type { JobContext } from "./types";

/**
 * The default route-server hook: flag every active route server's config as changed, so the
 * deploy job (or an operator) renders and rolls it out. The lead connects the real deploy here.
 */
export function markRouteServerConfigChanged(db: Database, now: Date): () => Promise<void> {
  return async () => {
    await db.update(routeServers).set({ configChangedAt: now }).where(eq(routeServers.active, true));
  };
}

export function createJobContext(options: {
  db: Database;
  now?: Date;
  dryRun?: boolean;
  actor: string;
  log?: (line: string) => void;
}): JobContext {
  const now = options.now ?? new Date();
  return {
    db: options.db,
    now,
    dryRun: options.dryRun ?? false,
    actor: options.actor,
    log: options.log ?? (() => undefined),
    mail: mailTransport(),
    onRouteServerConfigChanged: markRouteServerConfigChanged(options.db, now),
  };
}
