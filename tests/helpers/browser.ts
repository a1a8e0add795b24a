import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { runCli } from "./cli";
import type { RunningApp } from "./app";

/** Debian's chromium, headless, with nothing that phones home. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
}

/** A fresh context (own cookies) per user. */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  context.setDefaultTimeout(20_000);
  return context;
}

/** A one-time sign-in link from the real CLI, `ixp user login-link <email> --to <path>`, for the running app. */
export function loginLink(app: RunningApp, email: string, to: string): string {
  const result = runCli(["user", "login-link", email, "--to", to], app.env);
  if (result.status !== 0) throw new Error(`ixp user login-link failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** Signs in by opening the link in a new page of the context; the page ends on `to`. */
export async function signInWithLink(context: BrowserContext, app: RunningApp, email: string, to: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(loginLink(app, email, to));
  return page;
}
