import { expect } from "vitest";
import type { Page } from "playwright-core";
import { linkIn, type TestSmtpServer } from "../../helpers/smtp";

/** Steps of the onboarding journey, reusable by longer journeys (e.g. on to the member portal). */

export interface RequestForm {
  networkName: string;
  asn: string;
  contactEmail: string;
  website?: string;
  /** Visible POP name as in the select, e.g. "Fremont". */
  pop: string;
  /** Visible tunnel type label, e.g. "VXLAN". */
  tunnelType: string;
  remoteEndpoint?: string;
  asSet?: string;
  comments?: string;
}

async function selectByLabelPrefix(page: Page, selector: string, prefix: string) {
  const options = await page.locator(`${selector} option`).allTextContents();
  const label = options.find((text) => text.startsWith(prefix));
  if (!label) throw new Error(`no option starting with "${prefix}" in ${selector} (has: ${options.join(", ")})`);
  await page.selectOption(selector, { label });
}

export async function tunnelTypesOffered(page: Page, pop: string): Promise<string[]> {
  await selectByLabelPrefix(page, "#locationId", pop);
  return page.locator("#tunnelType option").allTextContents();
}

export async function fillRequestForm(page: Page, form: RequestForm) {
  await page.fill("#networkName", form.networkName);
  await page.fill("#asn", form.asn);
  await page.fill("#contactEmail", form.contactEmail);
  if (form.website) await page.fill("#website", form.website);
  await selectByLabelPrefix(page, "#locationId", form.pop);
  await selectByLabelPrefix(page, "#tunnelType", form.tunnelType);
  if (form.remoteEndpoint !== undefined) await page.fill("#remoteEndpoint", form.remoteEndpoint);
  if (form.asSet) await page.fill("#asSet", form.asSet);
  if (form.comments) await page.fill("#comments", form.comments);
}

export async function submitRequestForm(page: Page) {
  await page.getByRole("button", { name: "Send peering request" }).click();
}

/** The error shown next to a field after a submit. */
export async function fieldError(page: Page, field: string): Promise<string> {
  const locator = page.locator(`[data-field-error="${field}"]`);
  await locator.first().waitFor({ timeout: 15_000 });
  return (await locator.allTextContents()).join(" ");
}

/** Opens the verification link from the email, presses the confirm button and returns the status page's URL. */
export async function confirmRequestEmail(page: Page, smtp: TestSmtpServer, email: string): Promise<string> {
  const message = await smtp.waitFor((m) => m.to.includes(email) && /Confirm your peering request/.test(m.subject));
  await page.goto(linkIn(message, "/connect/verify"));
  await page.getByRole("button", { name: "Confirm my request" }).click();
  await page.waitForURL(/\/requests\/[A-Za-z0-9_-]+\?verified=1/);
  return page.url();
}

export async function requestStateText(page: Page): Promise<string> {
  return (await page.getByTestId("request-state").textContent())?.trim() ?? "";
}

/** Asks for a sign-in link on /login, reads it from the SMTP server and follows it. */
export async function signInByEmail(page: Page, smtp: TestSmtpServer, email: string, callbackPath: string) {
  const before = smtp.messages.length;
  await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackPath)}`);
  await page.fill('input[name="email"]', email);
  await page.getByRole("button", { name: /sign-in link/i }).click();
  const message = await smtp.waitFor((m) => m.to.includes(email) && /Sign in/.test(m.subject) && smtp.messages.indexOf(m) >= before);
  await page.goto(linkIn(message, "/api/auth/callback/"));
  await page.waitForURL((url) => url.pathname === callbackPath);
}

/** Approves the request of this network (which has no proof of ASN) from the admin queue; returns the confirmation shown. */
export async function approveInQueue(page: Page, networkName: string): Promise<string> {
  await page.goto("/admin");
  const entry = page.locator("[data-request-id]", { hasText: networkName });
  // The journey's requester gives no proof of ASN holdership, so the volunteer overrides with a reason.
  await entry.getByLabel(/why approve anyway/).fill("Known to the IX: onboarding journey");
  await entry.getByRole("button", { name: /^Approve request #\d+$/ }).click();
  const status = entry.getByRole("status");
  await status.waitFor({ timeout: 30_000 });
  const text = (await status.textContent()) ?? "";
  expect(text).toMatch(/^Approved request #\d+/);
  return text;
}
