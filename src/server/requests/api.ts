import { z } from "zod";
import { problem, problemFromError } from "@/server/api/problem";
import type { Database } from "@/server/db/client";
import { FieldError } from "@/server/errors";
import { clientAddressFrom } from "@/server/http/client-address";
import { BodyError, readJsonObject } from "@/server/http/json-body";
import { RateLimitError } from "./errors";
import { requestSchema } from "./policy";
import { submitRequest } from "./submit";

const INVALID = "some fields are invalid";

/** POST /api/requests: the same request as the /connect form, as JSON, for scripts. Errors are problem JSON. */
export async function submitRequestFromApi(db: Database, request: Request): Promise<Response> {
  let body: Record<string, unknown>;
  try {
    body = await readJsonObject(request);
  } catch (error) {
    if (error instanceof BodyError) return problem(error.status, error.message);
    throw error;
  }
  const parsed = requestSchema().safeParse(body);
  if (!parsed.success) return problem(422, INVALID, { errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> });
  try {
    await submitRequest(db, parsed.data, { ip: clientAddressFrom(request.headers) });
  } catch (error) {
    if (error instanceof FieldError) return problem(422, INVALID, { errors: error.fieldErrors });
    if (error instanceof RateLimitError) {
      const seconds = Math.max(1, Math.ceil((error.retryAt.getTime() - Date.now()) / 1000));
      return problem(429, error.message, {}, { "Retry-After": String(seconds) });
    }
    return problemFromError(error);
  }
  // Also the answer when the honeypot caught it, so bots learn nothing.
  return Response.json(
    { status: "accepted", detail: "We emailed a confirmation link to the contact address; the request is reviewed once it has been opened." },
    { status: 202 },
  );
}
