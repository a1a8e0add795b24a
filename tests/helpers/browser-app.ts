import { afterAll, beforeAll } from "vitest";
import type { Browser } from "playwright-core";
import { seedDemo } from "@/server/seed/demo";
import { ensureBuilt, startApp, type RunningApp } from "./app";
import { launchBrowser } from "./browser";
import { createTestDatabase, type TestDatabase } from "./db";

/** What a browser test file works with: its own database, the built app on it, and Chromium. */
export interface BrowserApp {
  readonly test: TestDatabase;
  readonly app: RunningApp;
  readonly browser: Browser;
}

export interface BrowserAppOptions {
  /** Seed the demo IX first (members, random seed). */
  demo?: { members: number; seed: number };
  /** Fills the database further; what it returns is added to the app's environment. */
  prepare?: (test: TestDatabase) => Promise<Record<string, string> | void>;
  /** Environment for the app beyond DATABASE_URL (no SMTP_URL: mail stays in the outbox). */
  env?: Record<string, string>;
}

/**
 * Registers the file's beforeAll/afterAll: build if the sources changed, create and fill the database,
 * start the built app and Chromium; afterwards stop and remove all of it.
 */
export function withBrowserApp(options: BrowserAppOptions = {}): BrowserApp {
  let test: TestDatabase | undefined;
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureBuilt();
    test = await createTestDatabase();
    if (options.demo) await seedDemo(test.db, options.demo);
    const extra = (await options.prepare?.(test)) ?? {};
    app = await startApp({ DATABASE_URL: test.url, ...options.env, ...extra });
    browser = await launchBrowser();
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await test?.drop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the browser app is used before beforeAll started it");
    return value;
  };
  return {
    get test() {
      return started(test);
    },
    get app() {
      return started(app);
    },
    get browser() {
      return started(browser);
    },
  };
}
