import { describe, expect, it } from "vitest";
import { sendEmail } from "@/server/mail/outbox";
import { createMailTransport } from "@/server/mail/transport";
import { newContext, signInWithLink } from "../helpers/browser";
import { withBrowserApp } from "../helpers/browser-app";

// No SMTP_URL: mail stays in the outbox and the admin reads it on the mailbox page.
const site = withBrowserApp({ demo: { members: 1, seed: 3 } });

describe("the admin mailbox without SMTP", () => {
  it("says a sign-in email was only kept in the mailbox, and its link signs in with one click", async () => {
    const visitor = await newContext(site.browser);
    const form = await visitor.newPage();
    await form.goto(`${site.app.url}/login?callbackUrl=${encodeURIComponent("/admin/users")}`);
    await form.fill('input[name="email"]', "admin@example.net");
    await form.getByRole("button", { name: /sign-in link/i }).click();
    await form.waitForURL((url) => url.pathname !== "/login");

    const admin = await newContext(site.browser);
    const page = await signInWithLink(admin, site.app, "admin@example.net", "/admin/mailbox");
    const email = page.getByTestId("mailbox-email").filter({ hasText: "Sign in to" }).first();
    expect(await email.locator("summary").textContent()).toContain("kept in the mailbox (no SMTP configured)");
    expect(await email.locator("summary").textContent()).not.toMatch(/sent · 1 attempt/);
    await email.locator("summary").click();
    const link = email.getByRole("link", { name: /\/api\/auth\/callback\// });
    expect(await link.getAttribute("href")).toMatch(/^http:\/\/localhost:\d+\/api\/auth\/callback\/\w+\?/);

    // The visitor who asked follows the link from the mailbox and is signed in where they asked to go.
    const signIn = await visitor.newPage();
    await signIn.goto((await link.getAttribute("href"))!);
    await signIn.waitForURL((url) => url.pathname === "/admin/users");
    await visitor.close();
    await admin.close();
  });

  it("turns only http(s) URLs into links and shows everything else in a mail as text", async () => {
    await sendEmail(site.test.db, createMailTransport(undefined), {
      dedupeKey: "test:hostile",
      to: "someone@example.org",
      subject: "Hostile body",
      text: 'Look: <img src=x onerror="document.title=1"> javascript:alert(1)\nSee https://ix.example.net/peers?x=1&y=2.',
    });
    const admin = await newContext(site.browser);
    const page = await signInWithLink(admin, site.app, "admin@example.net", "/admin/mailbox");
    const email = page.getByTestId("mailbox-email").filter({ hasText: "Hostile body" });
    await email.locator("summary").click();
    expect(await email.locator("pre").textContent()).toContain('<img src=x onerror="document.title=1">');
    expect(await email.locator("pre img").count()).toBe(0);
    const hrefs = await email.locator("pre a").evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(["https://ix.example.net/peers?x=1&y=2"]);
    await admin.close();
  });
});
