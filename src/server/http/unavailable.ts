import { DatabaseUnavailableError } from "@/server/errors";
import { env } from "@/server/env";
import { sameSitePathSchema } from "@/shared/validation/user";

/** Seconds a client should wait before trying again while the database is down. */
export const RETRY_AFTER_SECONDS = 30;

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page signed-in people see while the database is down (instead of the login page): 503 with
 * Retry-After and a link back to the page they wanted. Plain HTML, because rendering the app needs the database.
 */
export function unavailablePage(from: string | null): Response {
  const back = sameSitePathSchema.safeParse(from ?? "/").data ?? "/";
  const name = escapeHtml(env().IX_NAME);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable · ${name}</title></head>
<body><main><h1>Temporarily unavailable</h1>
<p>${escapeHtml(new DatabaseUnavailableError().message)} You are still signed in.</p>
<p><a href="${escapeHtml(back)}">Try again</a></p></main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
  });
}
