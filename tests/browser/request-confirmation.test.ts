import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { emailOutbox, requests } from "@/server/db/schema";
import { createMailTransport } from "@/server/mail/transport";
import { submitRequest } from "@/server/requests/submit";
import { peeringRequestSchema } from "@/shared/validation/request";
import { startApp, type RunningApp } from "../helpers/app";
import { launchBrowser, newContext } from "../helpers/browser";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { addLan, addPop } from "../helpers/ix-fixture";

/** Mail scanners open every link in an email: opening the confirmation link must not confirm the request. */

let test: TestDatabase;
let app: RunningApp;
let browser: Browser;
let requestId = 0;
let link = "";

beforeAll(async () => {
  test = await createTestDatabase();
  const pop = await addPop(test.db, { code: "FMT", tunnelTypes: ["vxlan"] });
  await addLan(test.db, { ipv4Prefix: "185.1.0.0/24", ipv6Prefix: "2001:7f8:99::/64" });
  app = await startApp({ DATABASE_URL: test.url });
  const input = peeringRequestSchema({ allowPrivateAsns: false }).parse({
    networkName: "Scanned Networks",
    asn: "213999",
    contactEmail: "noc@scanned.example",
    locationId: String(pop),
    tunnelType: "vxlan",
    remoteEndpoint: "8.8.4.4",
    wantsIpv4: "on",
  });
  await submitRequest(test.db, input, { ip: "203.0.113.9", transport: createMailTransport(undefined), limits: { perIp: 10, perEmail: 10 } });
  const [row] = await test.db.select({ id: requests.id }).from(requests).where(eq(requests.contactEmail, "noc@scanned.example"));
  requestId = row!.id;
  const [mail] = await test.db.select({ text: emailOutbox.textBody }).from(emailOutbox).where(eq(emailOutbox.dedupeKey, `request:${requestId}:verify`));
  const token = /token=([A-Za-z0-9_-]+)/.exec(mail!.text)![1]!;
  link = `${app.url}/connect/verify?token=${token}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await test?.drop();
});

const stateOf = async () => (await test.db.select({ state: requests.state }).from(requests).where(eq(requests.id, requestId)))[0]!.state;

describe("the email confirmation link", () => {
  it("shows the request on GET and changes nothing, however often a scanner opens it", async () => {
    for (let i = 0; i < 3; i++) {
      const response = await fetch(link);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("Scanned Networks");
      expect(html).toContain("Confirm my request");
    }
    expect(await stateOf()).toBe("unverified");
  });

  it("confirms the request when the requester presses the button", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(link);
    await page.getByRole("button", { name: "Confirm my request" }).click();
    await page.waitForURL(/\/requests\/[A-Za-z0-9_-]+\?verified=1$/);
    await expect(page.getByText("Thank you, your email address is confirmed.").isVisible()).resolves.toBe(true);
    expect(await stateOf()).toBe("pending");
    // The link is single-use: opening it again explains that instead of confirming twice.
    await page.goto(link);
    await expect(page.locator('p[role="alert"]').textContent()).resolves.toMatch(/not valid or was already used/);
  });
});
