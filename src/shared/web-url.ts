/** A member-supplied website, only when it is an http(s) URL: never a javascript: or other scheme link. */
export function safeWebUrl(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  if (!trimmed || !URL.canParse(trimmed)) return null;
  const protocol = new URL(trimmed).protocol;
  return protocol === "http:" || protocol === "https:" ? trimmed : null;
}
