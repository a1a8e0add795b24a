import { ZodError } from "zod";
import { ConflictError, DatabaseUnavailableError, DomainError, NotFoundError } from "@/server/errors";
import { RETRY_AFTER_SECONDS } from "@/server/http/unavailable";
import { logger } from "@/server/log";

/** RFC 9457 (formerly 7807) problem details. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  415: "Unsupported media type",
  422: "Unprocessable content",
  503: "Service unavailable",
  500: "Internal server error",
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
  if (error instanceof DatabaseUnavailableError) return problem(503, error.message, {}, { "Retry-After": String(RETRY_AFTER_SECONDS) });
  if (error instanceof NotFoundError) return problem(404, error.message);
  if (error instanceof ConflictError) return problem(409, error.message);
  if (error instanceof DomainError) return problem(422, error.message);
  logger.error({ err: error }, "API handler failed");
  return problem(500, "something went wrong on our side; nothing was changed");
}
