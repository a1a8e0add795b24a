import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { eq } from "drizzle-orm";
import { users } from "@/server/db/schema";
import { freePort, sessionCookie } from "../helpers/app";
import { CHROMIUM_ARGS } from "../helpers/browser";
import { linkIn } from "../helpers/smtp";
import { startJourneyEnvironment, type JourneyEnvironment } from "./journeys/environment";

/**
 * Signing in with the emailed link, on hosts other than "localhost": every redirect stays on APP_URL's
 * origin. The form answers the same way, as fast, for known and unknown addresses; the session endpoint
 * gives scripts nothing they could use to act as the user.
 */

/** Maps a made-up name to loopback inside Chromium only, so nothing could ever leave this machine. */
const MAPPED_HOST = "portal.ixp-test.example";

let byAddress: JourneyEnvironment;
let byName: JourneyEnvironment;
let browser: Browser;

beforeAll(async () => {
  const [addressPort, namePort] = [await freePort(), await freePort()];
  byAddress = await startJourneyEnvironment({ port: addressPort, env: { APP_URL: `http://127.0.0.1:${addressPort}`, AUTH_URL: `http://127.0.0.1:${addressPort}` } });
  byName = await startJourneyEnvironment({ port: namePort, env: { APP_URL: `http://${MAPPED_HOST}:${namePort}`, AUTH_URL: `http://${MAPPED_HOST}:${namePort}` } });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${MAPPED_HOST} 127.0.0.1`],
  });
});
afterAll(async () => {
  await browser?.close();
  await byAddress?.stop();
  await byName?.stop();
});

async function memberEmail(env: JourneyEnvironment): Promise<string> {
  const [member] = await env.test.db.select({ email: users.email }).from(users).where(eq(users.role, "member"));
  return member!.email;
}

describe.each([
  ["an address (127.0.0.1)", () => byAddress],
  ["a name other than localhost", () => byName],
])("signing in on %s by clicking the emailed link", (_, environment) => {
  it.each([
    ["an admin", async () => "admin@example.net", "/admin/users"],
    ["a member", memberEmail, "/portal"],
  ])("takes %s to the page asked for, signed in", async (_who, who, asked) => {
    const env = environment();
    const appUrl = env.app.env.APP_URL!;
    const email = await who(env);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${appUrl}/login?callbackUrl=${encodeURIComponent(asked)}`);
    await page.fill('input[name="email"]', email);
    await page.getByRole("button", { name: /sign-in link/i }).click();
    const message = await env.smtp.waitFor((m) => m.to.includes(email) && /Sign in/.test(m.subject));
    const link = linkIn(message, "/api/auth/callback/");
    expect(new URL(link).origin).toBe(appUrl);

    const redirects: string[] = [];
    page.on("response", (response) => {
      const location = response.headers().location;
      if (location) redirects.push(new URL(location, response.url()).href);
    });
    await page.goto(link);
    await page.waitForURL(`${appUrl}${asked}`);
    for (const location of redirects) expect(new URL(location).origin).toBe(appUrl);
    // Not signed in, the page would have sent us to /login.
    expect(await page.getByRole("heading", { level: 1 }).first().textContent()).not.toMatch(/Sign in/);
    await context.close();
  });
});

/** The login form posted as a browser without JavaScript posts it (progressive enhancement). */
async function submitLoginForm(appUrl: string, email: string): Promise<{ status: number; location: string | null; ms: number }> {
  const html = await (await fetch(`${appUrl}/login`)).text();
  const form = new FormData();
  for (const [, tag] of html.matchAll(/<input([^>]*type="hidden"[^>]*)>/g)) {
    const name = /name="([^"]*)"/.exec(tag!)?.[1];
    const value = /value="([^"]*)"/.exec(tag!)?.[1] ?? "";
    if (name) form.append(name, value.replaceAll("&quot;", '"').replaceAll("&amp;", "&"));
  }
  form.append("email", email);
  const started = performance.now();
  const response = await fetch(`${appUrl}/login`, { method: "POST", body: form, redirect: "manual" });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get("location"), ms: performance.now() - started };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe("the sign-in form", () => {
  it("answers known and unknown addresses the same way and as fast", async () => {
    const appUrl = byAddress.app.env.APP_URL!;
    const known: Awaited<ReturnType<typeof submitLoginForm>>[] = [];
    const unknown: Awaited<ReturnType<typeof submitLoginForm>>[] = [];
    // Warm up both paths first: the first request of each kind compiles and connects.
    await submitLoginForm(appUrl, "admin@example.net");
    await submitLoginForm(appUrl, "nobody-warmup@example.org");
    for (let i = 0; i < 8; i++) {
      known.push(await submitLoginForm(appUrl, "admin@example.net"));
      await new Promise((resolve) => setTimeout(resolve, 150));
      unknown.push(await submitLoginForm(appUrl, `nobody-${i}@example.org`));
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const answers = new Set([...known, ...unknown].map((a) => `${a.status} ${new URL(a.location ?? "", appUrl).href}`));
    expect([...answers]).toEqual([`303 ${appUrl}/login/check-email`]);
    expect(Math.abs(median(known.map((a) => a.ms)) - median(unknown.map((a) => a.ms)))).toBeLessThan(5);
    // The known address still gets its link.
    await byAddress.smtp.waitFor((m) => m.to.includes("admin@example.net") && /Sign in/.test(m.subject));
  });
});

describe("GET /api/auth/session", () => {
  it("gives scripts who is signed in, never the session token or the user id", async () => {
    const cookie = await sessionCookie(byAddress.app, byAddress.test.db, "volunteer@example.net");
    const response = await fetch(`${byAddress.app.url}/api/auth/session`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    const text = await response.text();
    const [user] = await byAddress.test.db.select({ id: users.id }).from(users).where(eq(users.email, "volunteer@example.net"));
    const token = cookie.split("=")[1]!;
    expect(text).not.toContain(token);
    expect(text).not.toContain(user!.id);
    expect(JSON.parse(text)).toEqual({ user: { name: expect.any(String), email: "volunteer@example.net", role: "volunteer" }, expires: expect.any(String) });
  });
});
