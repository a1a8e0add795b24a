import type { SessionUser } from "@/server/auth/guard";

/** Who decides on a request: a signed-in volunteer (reviewer recorded) or a system actor such as the CLI. */
export interface Reviewer {
  userId: string | null;
  /** What the audit log records as the actor. */
  actor: string;
}

export const webReviewer = (user: SessionUser): Reviewer => ({ userId: user.id, actor: user.id });
export const systemReviewer = (actor: string): Reviewer => ({ userId: null, actor });
