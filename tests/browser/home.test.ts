import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/server/seed/demo";
import { startApp, type RunningApp } from "../helpers/app";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let database: TestDatabase;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { members: 10, seed: 3 });
  app = await startApp({ DATABASE_URL: database.url, IX_NAME: "Browser Test IX" });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await database?.drop();
});

describe("the built app in Chromium", () => {
  it("shows the home page with a way to connect", async () => {
    const page = await browser.newPage();
    const response = await page.goto(app.baseUrl);
    expect(response?.status()).toBe(200);
    await expect(page.locator("h1").textContent()).resolves.toContain("Browser Test IX");
    await page.getByRole("link", { name: /connect your network/i }).click();
    await page.waitForURL(/\/connect$/);
    await page.close();
  });

  it("reports a healthy database", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${app.baseUrl}/api/health`);
    expect(response?.status()).toBe(200);
    expect(await response?.json()).toMatchObject({ status: "ok", db: "ok" });
    await page.close();
  });

  it("sends anonymous visitors of the admin pages to the login page", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/admin`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await expect(page.getByRole("button", { name: /sign-in link/i }).isVisible()).resolves.toBe(true);
    await page.close();
  });
});

describe("health when the database is down", () => {
  it("answers 503 with a clear body", async () => {
    const down = await startApp({ DATABASE_URL: "mysql://root@127.0.0.1:9/ixp" });
    try {
      const response = await fetch(`${down.baseUrl}/api/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: "degraded", db: "unreachable", error: "ECONNREFUSED" });
    } finally {
      await down.stop();
    }
  });
});
