/** What public JSON endpoints accept: a request is a few hundred bytes, so 64 KiB is plenty. */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024;

/** Why a body was refused, with the status to answer and a message for the sender. */
export class BodyError extends Error {
  constructor(
    public readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

const tooLarge = (limit: number) => new BodyError(413, `the body is larger than ${limit / 1024} KiB; a request needs far less`);

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/**
 * Reads a JSON object from a request: Content-Type application/json, at most `limit` bytes, an object
 * (not an array, a string or null). A Content-Length over the limit is refused before anything is read;
 * a body without one (chunked) is read only until it passes the limit.
 */
export async function readJsonObject(request: Request, limit = JSON_BODY_LIMIT_BYTES): Promise<Record<string, unknown>> {
  const contentType = request.headers.get("content-type");
  const mediaType = contentType?.split(";")[0]?.trim() ?? "";
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new BodyError(415, `send the body as JSON with Content-Type: application/json (${contentType ? `got ${mediaType}` : "no Content-Type was sent"})`);
  }
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw tooLarge(limit);

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader!.read()) {
    const value = chunk.value;
    size += value.byteLength;
    // Stop reading here; the server discards the rest of the upload without keeping it.
    if (size > limit) throw tooLarge(limit);
    chunks.push(value);
  }

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new BodyError(400, "the body is not valid UTF-8 text");
  }
  if (text.trim() === "") throw new BodyError(400, "the body is empty; send a JSON object with the request's fields");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BodyError(400, `the body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BodyError(400, `the body must be a JSON object with the request's fields, not ${kindOf(value)}`);
  }
  return value as Record<string, unknown>;
}
