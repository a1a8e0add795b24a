import type { Browser, Page } from "playwright-core";
import { seedDemo } from "@/server/seed/demo";
import { startApp, type RunningApp } from "../../helpers/app";
import { launchBrowser } from "../../helpers/browser";
import { createTestDatabase, type TestDatabase } from "../../helpers/db";
import { startSmtpServer, type TestSmtpServer } from "../../helpers/smtp";

/** Everything a browser journey needs: a seeded demo database, a real SMTP server, the built app, Chromium. */
export interface JourneyEnvironment {
  test: TestDatabase;
  smtp: TestSmtpServer;
  app: RunningApp;
  browser: Browser;
  /** A fresh browser context (its own cookies) per person in the story. */
  newPage(): Promise<Page>;
  stop(): Promise<void>;
}

export async function startJourneyEnvironment(options: { members?: number; env?: Record<string, string>; port?: number } = {}): Promise<JourneyEnvironment> {
  const cleanup: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  };
  try {
    const test = await createTestDatabase();
    cleanup.push(() => test.drop());
    await seedDemo(test.db, { members: options.members ?? 3, seed: 1 });
    const smtp = await startSmtpServer();
    cleanup.push(() => smtp.stop());
    const app = await startApp({
      DATABASE_URL: test.url,
      AUTH_SECRET: "journey-test-secret-0123456789abcdef0123456789",
      SMTP_URL: smtp.url,
      MAIL_FROM: "IX Test <noreply@ix.test>",
      ...options.env,
    }, { port: options.port });
    cleanup.push(() => app.stop());
    const browser = await launchBrowser();
    cleanup.push(() => browser.close());
    return {
      test,
      smtp,
      app,
      browser,
      async newPage() {
        const context = await browser.newContext({ baseURL: app.url });
        return context.newPage();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
