import { z } from "zod";
import { authorize, type SessionUser } from "@/server/auth/guard";
import { getDb, type Database } from "@/server/db/client";
import { unreachableDatabaseCode } from "@/server/db/unavailable";
import { DatabaseUnavailableError, DomainError, FieldError } from "@/server/errors";
import { logger } from "@/server/log";
import type { UserRole } from "@/shared/enums";
import { formValues } from "./form-values";

/** What every form action returns: the form shows message, fieldErrors next to fields, and keeps values. */
export type ActionResult<T = undefined> =
  | { ok: true; message?: string; data?: T }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]>; values?: Record<string, string | string[]> };

export interface ActionContext {
  user: SessionUser | null;
  db: Database;
}

/** The form keeps what was entered, so saying "send it again shortly" loses nothing. */
const DATABASE_DOWN_MESSAGE = `${new DatabaseUnavailableError().message} Nothing was saved; what you entered is still in the form.`;

/** Fields whose values are never sent back to the browser. */
const SECRET_FIELD = /password|secret|token/i;

/**
 * The one wrapper for server actions: session -> role check -> schema.safeParse -> handler.
 * role null means a public action (e.g. the peering request form).
 */
export function formAction<S extends z.ZodType, T = undefined>(options: {
  role: UserRole | null;
  schema: S;
  handler: (input: z.infer<S>, context: ActionContext) => Promise<ActionResult<T>>;
}) {
  return async (_previous: ActionResult<T> | undefined, form: FormData): Promise<ActionResult<T>> => {
    let user: SessionUser | null = null;
    if (options.role) {
      // Before the form is read: callers without the role learn nothing about what it expects.
      const authorization = await authorize(options.role).catch((error: unknown) => {
        if (error instanceof DatabaseUnavailableError) return null;
        throw error;
      });
      if (!authorization) return { ok: false, message: DATABASE_DOWN_MESSAGE };
      if (!authorization.ok) return { ok: false, message: authorization.message };
      user = authorization.user;
    }
    const raw = formValues(form);
    const values = Object.fromEntries(Object.entries(raw).filter(([key]) => !SECRET_FIELD.test(key)));
    const parsed = options.schema.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        message: "Please correct the highlighted fields.",
        fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
        values,
      };
    }
    try {
      return await options.handler(parsed.data, { user, db: getDb() });
    } catch (error) {
      if (error instanceof FieldError) return { ok: false, message: "Please correct the highlighted fields.", fieldErrors: error.fieldErrors, values };
      if (error instanceof DomainError) return { ok: false, message: error.message, values };
      // Rethrow Next.js control flow (redirect(), notFound()).
      if (error instanceof Error && "digest" in error) throw error;
      if (error instanceof DatabaseUnavailableError || unreachableDatabaseCode(error)) return { ok: false, message: DATABASE_DOWN_MESSAGE, values };
      logger.error({ err: error }, "form action failed");
      return { ok: false, message: "Something went wrong on our side; nothing was changed. Please try again.", values };
    }
  };
}
