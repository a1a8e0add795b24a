import { ZodError } from "zod";
import { unreachableDatabaseCode } from "@/server/db/unavailable";
import { ConflictError, DatabaseUnavailableError, DomainError, NotFoundError } from "@/server/errors";
import { RETRY_AFTER_SECONDS } from "@/server/http/unavailable";
import { logger } from "@/server/log";

/** RFC 9457 (formerly 7807) problem details. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  /** The token API lists issues by path; POST /api/requests keys them by form field, as the /connect form shows them. */
  errors?: { path: string; message: string }[] | Record<string, string[]>;
  /** 403 to a token without the route's scope: the scope it lacks. */
  missingScope?: string;
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  413: "Content too large",
  415: "Unsupported media type",
  422: "Unprocessable content",
  429: "Too many requests",
  500: "Internal server error",
  503: "Service unavailable",
};

export function problem(status: number, detail?: string, extra: Partial<Problem> = {}, headers: HeadersInit = {}): Response {
  const body: Problem = { type: "about:blank", title: TITLES[status] ?? "Error", status, ...(detail ? { detail } : {}), ...extra };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", ...headers },
  });
}

/** Maps what a handler threw to a problem response; internal errors never leak their message. */
export function problemFromError(error: unknown): Response {
  if (error instanceof ZodError) {
    return problem(400, "the request did not pass validation", {
      errors: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    });
  }
  if (error instanceof NotFoundError) return problem(404, error.message);
  if (error instanceof ConflictError) return problem(409, error.message);
  if (error instanceof DomainError) return problem(422, error.message);
  const unreachable = unreachableDatabaseCode(error);
  if (unreachable || error instanceof DatabaseUnavailableError) {
    if (unreachable) logger.warn({ code: unreachable }, "API request failed: the database is unreachable");
    return problem(503, "the portal cannot reach its database right now, so nothing was changed. Please try again shortly.", {}, { "Retry-After": String(RETRY_AFTER_SECONDS) });
  }
  logger.error({ err: error }, "API handler failed");
  return problem(500, "something went wrong on our side; nothing was changed");
}
