import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { asns, ips, locations } from "@/server/db/schema";
import { checkIxfDocument } from "@/server/ixf/checks";
import type { IxfDocument } from "@/server/ixf/document";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { runCli } from "../helpers/cli";
import { freePort, startApp, type RunningApp } from "../helpers/app";
import { launchBrowser } from "../helpers/browser";
import { expectIxfResponseHeaders, ixfSchemaValidator } from "../helpers/ixf-schema";

let test: TestDatabase;
let app: RunningApp;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let exportDir: string;

beforeAll(async () => {
  test = await createTestDatabase();
  const seeded = runCli(["db", "seed", "--demo"], { DATABASE_URL: test.url });
  if (seeded.status !== 0) throw new Error(seeded.stderr);
  exportDir = await mkdtemp(join(tmpdir(), "ixpt-ixf-"));
  // A configured IX: with its IX-F database id the export is complete and validates against the schema.
  app = await startApp({ DATABASE_URL: test.url, IXF_EXPORT_PATH: join(exportDir, "ixf.json"), IX_NAME: "Browser Test Exchange", IXF_ID: "901" });
  browser = await launchBrowser();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await test?.drop();
  if (exportDir) await rm(exportDir, { recursive: true, force: true });
});

async function publicAddresses() {
  return test.db.select({ address: ips.address, asn: asns.asn }).from(ips).innerJoin(asns, eq(asns.id, ips.asnId)).where(eq(ips.provisioned, true));
}

describe("the public site shows the demo IX in Chromium", () => {
  it("home page: what the IX is, live figures and a Connect call to action", async () => {
    const rows = await publicAddresses();
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(`${app.url}/`);
    expect(await page.locator("h1").innerText()).toBe("Browser Test Exchange");
    const figure = (label: string) => page.locator(`dl[aria-label="Live figures"] div:has(dt:text-is("${label}")) dd`).innerText();
    expect(await figure("ASNs")).toBe(String(new Set(rows.map((r) => r.asn)).size));
    expect(await figure("Locations")).toBe("5");
    expect(Number(await figure("Members"))).toBeGreaterThan(0);
    expect(await page.getByRole("link", { name: "Connect your network" }).getAttribute("href")).toBe("/connect");
  });

  it("peers page: provisioned members only, searchable and sortable, fitting a phone screen", async () => {
    const rows = await publicAddresses();
    const hidden = await test.db.select({ address: ips.address }).from(ips).where(eq(ips.provisioned, false));
    expect(hidden.length).toBeGreaterThan(0);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/peers`);
    const shown = await page.getByTestId("peer-address").allInnerTexts();
    expect(shown.sort()).toEqual(rows.map((r) => r.address).sort());
    const total = await page.getByTestId("peer").count();
    expect(total).toBeGreaterThan(5);
    const firstAsnsByName = await page.getByTestId("peer").evaluateAll((cards) =>
      cards.map((card) => Number(/AS(\d+)/.exec((card as HTMLElement).innerText)?.[1])),
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    const target = rows[rows.length - 1]!;
    await page.getByLabel("Search").fill(`AS${target.asn}`);
    await expect.poll(() => page.getByTestId("peer").count()).toBe(1);
    expect(await page.getByTestId("peer").innerText()).toContain(target.address);
    expect(await page.getByText(`1 of ${total} members`).count()).toBe(1);

    await page.getByLabel("Search").fill("");
    await page.getByLabel("Sort by").selectOption("asn");
    // The choice is sent to the server at once (the list is sorted there); the new page replaces the old.
    await page.waitForURL((url) => url.searchParams.get("sort") === "asn");
    const firstAsns = () =>
      page.getByTestId("peer").evaluateAll((cards) => cards.map((card) => Number(/AS(\d+)/.exec((card as HTMLElement).innerText)?.[1])));
    await expect.poll(async () => (await firstAsns()).length).toBe(total);
    const sorted = await firstAsns();
    expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
    expect(sorted).not.toEqual(firstAsnsByName);
  });

  it("locations page: every active POP with its endpoints, tunnel types and member count", async () => {
    // An inactive POP is not shown (restored at once: the export needs every POP that has members).
    await test.db.update(locations).set({ active: false }).where(eq(locations.code, "JNB"));
    await page.setViewportSize({ width: 1200, height: 900 });
    try {
      await page.goto(`${app.url}/locations`);
    } finally {
      await test.db.update(locations).set({ active: true }).where(eq(locations.code, "JNB"));
    }
    const cards = page.getByTestId("location");
    const card = (code: string) => cards.filter({ has: page.getByRole("heading", { name: code }) });
    expect(await cards.count()).toBe(4);
    const fremont = await card("FMT").innerText();
    expect(fremont).toContain("Fremont (US)");
    expect(fremont).toContain("192.0.2.10");
    expect(fremont).toContain("VXLAN · UDP port: 4789");
    expect(fremont).toContain("ZeroTier · Network id: 8056c2e21c000001");
    expect(fremont).not.toMatch(/udpPort|networkId|Fremont, Fremont/);
    expect(fremont).toMatch(/\d+ members?/);
    expect(await card("NYC").innerText()).toContain("Satellite of FMT");
  });
});

describe("HTTP endpoints of the production build", () => {
  it("serves /ixf.json and /api/ixf: valid, cacheable, conditional, readable from anywhere", async () => {
    const response = await fetch(`${app.url}/ixf.json`, { headers: { Origin: "https://peeringdb.example" } });
    const { etag, lastModified } = expectIxfResponseHeaders(response);
    const document = (await response.json()) as IxfDocument;
    expect(checkIxfDocument(document)).toEqual([]);
    expect(document.member_list.length).toBeGreaterThan(0);
    expect(ixfSchemaValidator()(document)).toBe(true);

    expect((await fetch(`${app.url}/ixf.json`, { headers: { "If-None-Match": etag } })).status).toBe(304);
    expect((await fetch(`${app.url}/api/ixf`, { headers: { "If-Modified-Since": lastModified } })).status).toBe(304);
    const api = await fetch(`${app.url}/api/ixf`);
    expect(api.headers.get("etag")).toBe(etag);
    expect(await api.json()).toEqual(document);
  });

  it("reports health: 200 with the database, 503 without it", async () => {
    const healthy = await fetch(`${app.url}/api/health`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({ status: "ok", db: "ok" });

    const closedPort = await freePort();
    const broken = await startApp({ DATABASE_URL: `mysql://root@127.0.0.1:${closedPort}/nothing` });
    try {
      const unhealthy = await fetch(`${broken.url}/api/health`);
      expect(unhealthy.status).toBe(503);
      expect(await unhealthy.json()).toMatchObject({ status: "degraded", db: "unreachable" });
    } finally {
      await broken.stop();
    }
  });
});
