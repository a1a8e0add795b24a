/**
 * Form posts (server actions) larger than Next.js accepts. Next reads such a body up to its
 * serverActions.bodySizeLimit (next.config.mjs, the same limit) and then answers 500 with no word of
 * why. src/proxy.ts calls this first, so the sender gets 413 and a sentence instead and the action reads
 * nothing. (Next still receives the rest of the upload before answering, keeping at most
 * proxyClientMaxBodySize of it; a reverse proxy's client_max_body_size stops it sooner.)
 */
export const FORM_BODY_LIMIT_BYTES = 1024 * 1024;

const answer = (status: 411 | 413, message: string) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/** A server action or a plain HTML form post: what Next.js reads into memory before any code of ours runs. */
export function isFormPost(request: Request): boolean {
  if (request.method !== "POST") return false;
  const type = request.headers.get("content-type") ?? "";
  return request.headers.has("next-action") || /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type);
}

export function refuseOversizeFormPost(request: Request): Response | null {
  if (request.method !== "POST") return null;
  const length = request.headers.get("content-length");
  // Browsers always say how long a form is; without it the size is only known after reading it all.
  if (length === null) return answer(411, "A form must be sent with its length (Content-Length).");
  if (Number(length) > FORM_BODY_LIMIT_BYTES) {
    return answer(413, `The form is too large to send: at most ${FORM_BODY_LIMIT_BYTES / 1024 / 1024} MB is accepted. Shorten what you entered and try again.`);
  }
  return null;
}
