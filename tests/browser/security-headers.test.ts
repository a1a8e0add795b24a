import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { users } from "@/server/db/schema";
import { signInWithLink } from "../helpers/browser";
import { startJourneyEnvironment, type JourneyEnvironment } from "./journeys/environment";

/** Every response carries the security headers, and the pages still work under the Content-Security-Policy. */

let env: JourneyEnvironment;

beforeAll(async () => {
  env = await startJourneyEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

describe("security headers", () => {
  it.each(["/", "/login", "/login/check-email", "/api/health", "/ixf.json"])("are on %s", async (path) => {
    const response = await fetch(`${env.app.url}${path}`);
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain("unsafe-eval");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    // APP_URL is http here: no HSTS (see tests/unit/security-headers.test.ts for https).
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("use a new nonce for every response, and the page's scripts carry it", async () => {
    const [a, b] = [await fetch(`${env.app.url}/login`), await fetch(`${env.app.url}/login`)];
    const nonceOf = (response: Response) => /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")![1]!;
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    expect(await a.text()).toContain(`nonce="${nonceOf(a)}"`);
  });

  it("use a new nonce for every response also when the page comes from the page cache (/peers)", async () => {
    const responses = [];
    for (let i = 0; i < 3; i++) responses.push(await fetch(`${env.app.url}/peers`));
    expect(responses.map((r) => r.headers.get("x-ixp-page-cache"))).toEqual(["miss", "hit", "hit"]);
    const nonces = responses.map((r) => /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy") ?? "")![1]!);
    expect(new Set(nonces).size).toBe(3);
    for (const [i, response] of responses.entries()) {
      const html = await response.text();
      const inPage = [...html.matchAll(/nonce="([^"]*)"/g)].map((match) => match[1]);
      expect(inPage.length).toBeGreaterThan(3);
      expect(new Set(inPage)).toEqual(new Set([nonces[i]]));
      expect(response.headers.get("link") ?? "").toContain(`nonce="${nonces[i]}"`);
      for (const other of nonces.filter((_, j) => j !== i)) expect(html).not.toContain(other);
    }
  });
});

/** Records CSP violations (console and securitypolicyviolation events) of every page opened. */
async function watchedPage(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`Refused to load: ${event.violatedDirective} ${event.blockedURI}`));
  });
  return violations;
}

/** True when following the link kept the page's JavaScript state: the client router (hydrated) did it. */
async function navigatesOnTheClient(page: Page, linkName: string, path: string): Promise<boolean> {
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await page.getByRole("link", { name: linkName, exact: true }).first().click();
  await page.waitForURL((url) => url.pathname === path);
  return page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true);
}

describe("pages under the Content-Security-Policy", () => {
  it("public pages load without violations, hydrate, and the sign-in form submits", async () => {
    const page = await env.newPage();
    const violations = await watchedPage(page);
    for (const path of ["/", "/peers", "/locations", "/connect", "/login"]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
    }
    expect(await navigatesOnTheClient(page, "Peers", "/peers")).toBe(true);
    // /peers from the page cache, with its new nonce: its scripts run and it hydrates.
    const cached = await page.goto("/peers");
    expect(cached?.headers()["x-ixp-page-cache"]).toBe("hit");
    expect(await navigatesOnTheClient(page, "Locations", "/locations")).toBe(true);
    await page.goto("/login");
    await page.fill('input[name="email"]', "not-an-email");
    await page.getByRole("button", { name: /sign-in link/i }).click();
    await expect(page.locator("#email-error").textContent()).resolves.toMatch(/email/);
    await page.fill('input[name="email"]', "admin@example.net");
    await page.getByRole("button", { name: /sign-in link/i }).click();
    await page.waitForURL((url) => url.pathname === "/login/check-email");
    expect(violations).toEqual([]);
  });

  it("the admin area and the member portal load without violations and hydrate", async () => {
    const context = await env.browser.newContext({ baseURL: env.app.url });
    const admin = await signInWithLink(context, env.app, "admin@example.net", "/admin");
    const violations = await watchedPage(admin);
    for (const path of ["/admin", "/admin/locations", "/admin/members", "/admin/users", "/admin/jobs"]) {
      expect((await admin.goto(path))?.status()).toBe(200);
    }
    expect(await navigatesOnTheClient(admin, "Peers", "/peers")).toBe(true);

    const [member] = await env.test.db.select({ email: users.email }).from(users).where(eq(users.role, "member"));
    const memberContext = await env.browser.newContext({ baseURL: env.app.url });
    const portal = await signInWithLink(memberContext, env.app, member!.email, "/portal");
    violations.push(...(await watchedPage(portal)));
    expect((await portal.goto("/portal"))?.status()).toBe(200);
    expect(violations).toEqual([]);
  });
});
