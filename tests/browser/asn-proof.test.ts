import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { auditLog, emailOutbox, requests, users } from "@/server/db/schema";
import { freePort, startApp, type RunningApp } from "../helpers/app";
import { launchBrowser, newContext, signInWithLink } from "../helpers/browser";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startFakePeeringDb } from "../helpers/fake-peeringdb";
import { startFakePeeringDbOAuth } from "../helpers/fake-peeringdb-oauth";
import { rdapAutnum, startFakeRdap } from "../helpers/fake-rdap";
import { addLan, addPendingRequest, addPop } from "../helpers/ix-fixture";

/**
 * Proof of ASN holdership in the browser: "Sign in with PeeringDB" against a real OAuth server shaped like
 * PeeringDB's, and a proof link emailed to a registry contact from a local RDAP service and PeeringDB.
 */

let test: TestDatabase;
let app: RunningApp;
let browser: Browser;
let oauth: Awaited<ReturnType<typeof startFakePeeringDbOAuth>>;
let peeringDb: Awaited<ReturnType<typeof startFakePeeringDb>>;
let rdap: Awaited<ReturnType<typeof startFakeRdap>>;
const ids: Record<string, { id: number; statusToken: string }> = {};

beforeAll(async () => {
  test = await createTestDatabase();
  const pop = await addPop(test.db, { code: "FMT", tunnelTypes: ["vxlan"] });
  await addLan(test.db, { ipv4Prefix: "185.1.0.0/24", ipv6Prefix: "2001:7f8:99::/64" });
  for (const [name, asn] of [["peeringdb", 64500], ["registry", 64501], ["notfound", 64502], ["timeout", 64503]] as const) {
    const id = await addPendingRequest(test.db, { asn, locationId: pop, tunnelType: "vxlan", networkName: `Proof ${name}` });
    const [row] = await test.db.select({ statusToken: requests.statusToken }).from(requests).where(eq(requests.id, id));
    ids[name] = { id, statusToken: row!.statusToken };
  }
  await test.db.insert(users).values({ email: "volunteer@example.net", role: "volunteer" });
  const port = await freePort();
  oauth = await startFakePeeringDbOAuth({
    clientId: "ixp-portal",
    clientSecret: "fake-peeringdb-client-secret",
    redirectUri: `http://localhost:${port}/api/proof/auth/callback/peeringdb`,
    users: {
      john: { id: 11, name: "John Other", email: "john@other.example", networks: [{ id: 90, asn: 64999, name: "Other Net", perms: 15 }] },
      jane: { id: 12, name: "Jane Peer", email: "jane@as64500.example", networks: [{ id: 91, asn: 64999, name: "Other Net", perms: 1 }, { id: 92, asn: 64500, name: "Proof Net", perms: 15 }] },
    },
  });
  peeringDb = await startFakePeeringDb([{ asn: 64501, pocs: [{ role: "Policy", email: "policy@as64501.example" }, { role: "Sales", email: "sales@as64501.example" }] }]);
  rdap = await startFakeRdap({
    64501: rdapAutnum(64501, [{ role: "technical", email: "tech@as64501.example", nested: true }, { role: "abuse", email: "abuse@as64501.example" }]),
    64502: "not-found",
    64503: "hang",
  });
  app = await startApp(
    {
      DATABASE_URL: test.url,
      PEERINGDB_OAUTH_CLIENT_ID: "ixp-portal",
      PEERINGDB_OAUTH_CLIENT_SECRET: "fake-peeringdb-client-secret",
      PEERINGDB_OAUTH_URL: oauth.url,
      PEERINGDB_URL: peeringDb.url,
      RDAP_BOOTSTRAP_URL: rdap.bootstrapUrl,
      RDAP_TIMEOUT_MS: "500",
    },
    { port },
  );
  browser = await launchBrowser();
}, 900_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await oauth?.close();
  await peeringDb?.close();
  await rdap?.close();
  await test?.drop();
});

const statusPage = (name: string) => `${app.url}/requests/${ids[name]!.statusToken}`;
const proofOf = async (name: string) => (await test.db.select({ proof: requests.asnProof, detail: requests.asnProofDetail, state: requests.state }).from(requests).where(eq(requests.id, ids[name]!.id)))[0]!;

/** Full-page screenshots for a person to look at, when TEST_SCREENSHOT_DIR names a folder. */
async function screenshot(page: Page, name: string) {
  const dir = process.env.TEST_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** At PeeringDB's (development) login: any password, the login name picks the user; then the consent page. */
async function signInAtPeeringDb(page: Page, login: string) {
  await page.waitForURL((url) => url.origin === oauth.url);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', "any");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

describe("proof by PeeringDB sign-in", () => {
  it("records the affiliation, after a sign-in that was cancelled and one with an unaffiliated account changed nothing", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(statusPage("peeringdb"));
    await expect(page.getByTestId("proof-level").textContent()).resolves.toBe("Proof given: Email at the requester's own address only (does not prove the ASN)");

    // Cancelled at PeeringDB: back on the status page with a clear message.
    await page.getByRole("button", { name: "Sign in with PeeringDB" }).click();
    await page.waitForURL((url) => url.origin === oauth.url);
    await page.getByRole("link", { name: "[ Cancel ]" }).click();
    await page.waitForURL(/\/requests\/[A-Za-z0-9_-]+\?proof=peeringdb-failed$/);
    await expect(page.locator('p[role="alert"]').textContent()).resolves.toMatch(/^The sign-in with PeeringDB did not complete .* Your request is unchanged/);
    expect(await proofOf("peeringdb")).toEqual({ proof: null, detail: null, state: "pending" });

    // An account not affiliated with AS64500.
    await page.getByRole("button", { name: "Sign in with PeeringDB" }).click();
    await signInAtPeeringDb(page, "john");
    await page.waitForURL(/proof=peeringdb-not-affiliated/);
    await expect(page.locator('p[role="alert"]').textContent()).resolves.toMatch(/^Your PeeringDB account is not affiliated with AS64500 \(its networks: AS64999\)/);
    expect((await proofOf("peeringdb")).proof).toBeNull();

    // Jane is affiliated (PeeringDB remembers the login, as it would; a new context makes her sign in).
    const janeContext = await newContext(browser);
    const jane = await janeContext.newPage();
    await jane.goto(statusPage("peeringdb"));
    await jane.getByRole("button", { name: "Sign in with PeeringDB" }).click();
    await signInAtPeeringDb(jane, "jane");
    await jane.waitForURL(/proof=peeringdb$/);
    await expect(jane.getByRole("status").textContent()).resolves.toBe("Thank you: your PeeringDB account is affiliated with AS64500. That proves you hold it.");
    await expect(jane.getByTestId("proof-level").textContent()).resolves.toBe("Proof given: PeeringDB affiliation");
    await screenshot(jane, "asn-proof-peeringdb");
    expect(await proofOf("peeringdb")).toEqual({ proof: "peeringdb", detail: "PeeringDB user Jane Peer (id 12) is affiliated with AS64500 Proof Net (permissions 15)", state: "pending" });
    // The profile was read with the access token, and nobody was signed in to the portal.
    expect(oauth.profileRequests.every((header) => header.startsWith("Bearer "))).toBe(true);
    expect((await janeContext.cookies()).filter((c) => /session-token/.test(c.name))).toEqual([]);
    await context.close();
    await janeContext.close();
  });

  it("sends a sign-in that lost its request (no proof cookie) to /connect with a notice", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${app.url}/api/proof/failed`);
    await page.waitForURL(/\/connect\?proof=lost$/);
    await expect(page.locator('p[role="alert"]').textContent()).resolves.toBe(
      "We lost track of your request during the PeeringDB sign-in. Open the link in your request email and try again.",
    );
    await context.close();
  });
});

describe("proof by a registry contact", () => {
  it("lists the published addresses masked, emails the chosen one a link, and the link proves it", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(statusPage("registry"));
    await page.getByRole("button", { name: "Find the addresses published for AS64501" }).click();
    await page.waitForURL(/proof=contacts$/);
    const options = page.getByRole("radio");
    await expect(options.count()).resolves.toBe(3);
    const labels = await page.locator("fieldset label").allTextContents();
    expect(labels).toEqual([
      "p**@as***.example (PeeringDB, Policy contact)",
      expect.stringMatching(/^t\*\*@as\*\*\*\.example \(RIR record \(127\.0\.0\.1:\d+\), technical contact\)$/),
      expect.stringMatching(/^a\*\*@as\*\*\*\.example \(RIR record \(127\.0\.0\.1:\d+\), abuse contact\)$/),
    ]);
    // Not in the HTML, not in the React payload: the full addresses never reach the requester.
    expect(await page.content()).not.toMatch(/policy@|tech@|abuse@|sales@/);
    const raw = await (await fetch(statusPage("registry"))).text();
    expect(raw).not.toMatch(/@as64501\.example/);

    await screenshot(page, "asn-proof-registry-contacts");
    await page.getByLabel(/technical contact/).check();
    await page.getByRole("button", { name: "Email the link to this address" }).click();
    await page.waitForURL(/proof=sent$/);
    await expect(page.getByTestId("proof-sent").textContent()).resolves.toMatch(/^A link was emailed to t\*\*@as\*\*\*\.example; it works until /);
    const [mail] = await test.db.select({ text: emailOutbox.textBody }).from(emailOutbox).where(eq(emailOutbox.toAddress, "tech@as64501.example"));
    const link = /(http:\/\/\S+\/connect\/proof\?token=\S+)/.exec(mail!.text)![1]!;

    const holder = await (await newContext(browser)).newPage();
    await holder.goto(link);
    expect((await proofOf("registry")).proof).toBeNull(); // opening the link is not enough (mail scanners)
    await holder.getByRole("button", { name: "Confirm that we hold AS64501" }).click();
    await holder.waitForURL(/\/connect\/proof\?confirmed=64501$/);
    await expect(holder.locator('p[role="status"]').textContent()).resolves.toBe(
      "Thank you: AS64501 is confirmed as held for this request. The requester sees it on their status page.",
    );
    // The confirmer may be a registry mailbox, not the requester: the status link is theirs alone.
    const { statusToken } = ids.registry!;
    expect(holder.url()).not.toContain(statusToken);
    expect(await holder.content()).not.toContain(statusToken);
    expect(await (await fetch(holder.url())).text()).not.toContain(statusToken);
    expect(await proofOf("registry")).toEqual({ proof: "registry_contact", detail: expect.stringMatching(/^RDAP at 127\.0\.0\.1:\d+ technical contact tech@as64501\.example$/), state: "pending" });
    await page.goto(statusPage("registry"));
    await expect(page.getByTestId("proof-level").textContent()).resolves.toBe("Proof given: Registry contact: a mailbox the registry publishes for the ASN");
    await holder.goto(link);
    await expect(holder.locator('p[role="alert"]').textContent()).resolves.toMatch(/not valid any more/);
    await context.close();
  });

  it.each([
    ["notfound", /The registry \(127\.0\.0\.1:\d+\) has no RDAP record for AS64502/],
    ["timeout", /The registry's RDAP service \(127\.0\.0\.1:\d+\) did not answer in time/],
  ])("%s: says why no address was found and keeps the request", async (name, problem) => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(statusPage(name));
    await page.getByRole("button", { name: /^Find the addresses published for AS/ }).click();
    await page.waitForURL(/proof=no-contacts$/);
    await expect(page.locator('p[role="alert"]').textContent()).resolves.toMatch(/^We found no address published for AS6450[23]/);
    await expect(page.getByTestId("registry-problems").textContent()).resolves.toMatch(problem);
    await screenshot(page, `asn-proof-${name}`);
    expect(await proofOf(name)).toEqual({ proof: null, detail: null, state: "pending" });
  });
});

describe("the volunteer's side", () => {
  it("shows the proof, approves a proven request directly and an unproven one only with a reason for the audit log", async () => {
    const context = await newContext(browser);
    const admin = await signInWithLink(context, app, "volunteer@example.net", `/admin/requests/${ids.peeringdb!.id}`);
    await expect(admin.getByTestId("proof-level").textContent()).resolves.toMatch(/^PeeringDB affiliation: PeeringDB user Jane Peer \(id 12\) is affiliated with AS64500/);
    expect(await admin.getByLabel(/why approve anyway/).count()).toBe(0);
    await admin.getByRole("button", { name: `Approve request #${ids.peeringdb!.id}` }).click();
    await expect.poll(() => admin.locator('dt:text-is("State") + dd').textContent(), { timeout: 30_000 }).toBe("approved");

    await admin.goto(`${app.url}/admin/requests/${ids.notfound!.id}`);
    await expect(admin.getByTestId("proof-level").textContent()).resolves.toBe("Email at the requester's own address only (does not prove the ASN)");
    await admin.getByRole("button", { name: `Approve request #${ids.notfound!.id}` }).click();
    await expect(admin.locator('p[role="alert"]').first().textContent()).resolves.toMatch(/has no proof that the requester holds AS64502 .* override reason/);
    expect((await proofOf("notfound")).state).toBe("pending");
    await screenshot(admin, "asn-proof-override-needed");
    await admin.getByLabel(/why approve anyway/).fill("Spoke to their NOC on the phone");
    await admin.getByRole("button", { name: `Approve request #${ids.notfound!.id}` }).click();
    await expect.poll(() => admin.locator('dt:text-is("State") + dd').textContent(), { timeout: 30_000 }).toBe("approved");
    await expect(admin.locator('dt:text-is("Approved without proof because") + dd').textContent()).resolves.toBe("Spoke to their NOC on the phone");
    const [audit] = await test.db.select({ after: auditLog.after }).from(auditLog).where(eq(auditLog.action, "request.proof_override"));
    expect(audit?.after).toEqual({ asn: 64502, reason: "Spoke to their NOC on the phone" });
    await context.close();
  });
});
