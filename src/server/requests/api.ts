import { z } from "zod";
import type { Database } from "@/server/db/client";
import { DomainError, FieldError } from "@/server/errors";
import { logger } from "@/server/log";
import { clientIpFrom } from "./client-ip";
import { RateLimitError } from "./errors";
import { requestSchema } from "./policy";
import { submitRequest } from "./submit";

/** RFC 7807 problem details. */
function problem(status: number, title: string, detail: string, errors?: Record<string, string[]>): Response {
  return Response.json(
    { type: "about:blank", title, status, detail, ...(errors ? { errors } : {}) },
    { status, headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store" } },
  );
}

/** POST /api/requests: the same request as the /connect form, as JSON, for scripts. */
export async function submitRequestFromApi(db: Database, request: Request): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return problem(400, "Bad Request", "the body must be a JSON object");
  }
  const parsed = requestSchema().safeParse(body);
  if (!parsed.success) {
    return problem(422, "Unprocessable Content", "some fields are invalid", z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  }
  try {
    await submitRequest(db, parsed.data, { ip: clientIpFrom(request.headers) });
  } catch (error) {
    if (error instanceof FieldError) return problem(422, "Unprocessable Content", "some fields are invalid", error.fieldErrors);
    if (error instanceof RateLimitError) return problem(429, "Too Many Requests", error.message);
    if (error instanceof DomainError) return problem(400, "Bad Request", error.message);
    logger.error({ err: error }, "request submission failed");
    return problem(500, "Internal Server Error", "something went wrong on our side; nothing was stored");
  }
  // Also the answer when the honeypot caught it, so bots learn nothing.
  return Response.json(
    { status: "accepted", detail: "We emailed a confirmation link to the contact address; the request is reviewed once it has been opened." },
    { status: 202 },
  );
}
