import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/app";
import { linkIn } from "../helpers/smtp";
import { startJourneyEnvironment, type JourneyEnvironment } from "./journeys/environment";

/**
 * Behind a reverse proxy the portal is reached under another name than the one Next.js listens on.
 * Sign-in links must carry APP_URL (what members can open), never the address the request came in on.
 * The public name is a *.localhost one, so nothing could ever reach outside this machine.
 */

let env: JourneyEnvironment;
let publicUrl: string;

beforeAll(async () => {
  const port = await freePort();
  publicUrl = `http://portal.ix.localhost:${port}`;
  env = await startJourneyEnvironment({ port, env: { APP_URL: publicUrl } });
});
afterAll(async () => {
  await env?.stop();
});

describe("sign-in links behind a proxy", () => {
  it("point at APP_URL even when the request arrived on another host name", async () => {
    const page = await env.newPage();
    await page.goto(`http://127.0.0.1:${new URL(publicUrl).port}/login?callbackUrl=%2Fadmin`);
    await page.fill('input[name="email"]', "admin@example.net");
    await page.getByRole("button", { name: /sign-in link/i }).click();
    const message = await env.smtp.waitFor((m) => m.to.includes("admin@example.net") && /Sign in/.test(m.subject));
    const link = new URL(linkIn(message, "/api/auth/callback/"));
    expect(link.origin).toBe(publicUrl);
    expect(new URL(link.searchParams.get("callbackUrl")!).origin).toBe(publicUrl);
  });
});
