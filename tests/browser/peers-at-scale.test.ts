import { request } from "node:http";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { listPublicPeers, type PublicPeer } from "@/server/directory/peers";
import { filterPeers, PEER_PAGE_SIZE, sortPeers } from "@/shared/directory/peer-search";
import { newContext } from "../helpers/browser";
import { withBrowserApp } from "../helpers/browser-app";

// Enough members for a dozen pages: without paging the first response would carry all of them.
const site = withBrowserApp({ demo: { members: 300, seed: 11 } });

/** Bytes on the wire for one GET with the given Accept-Encoding (fetch would decompress). */
function bytesSent(url: string, encoding: string): Promise<{ bytes: number; encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { "accept-encoding": encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({ bytes: body.length, encoding: res.headers["content-encoding"], body });
      });
      res.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

const cardNames = (page: Page) => page.getByTestId("peer").locator("h2").allInnerTexts();
const names = (peers: PublicPeer[]) => peers.map((peer) => peer.name);

async function withoutJavaScript<T>(visit: (page: Page) => Promise<T>): Promise<T> {
  const context = await site.browser.newContext({ javaScriptEnabled: false, baseURL: site.app.url });
  context.setDefaultTimeout(20_000);
  try {
    return await visit(await context.newPage());
  } finally {
    await context.close();
  }
}

describe("/peers with 300 members", () => {
  it("sends one page of members, not the whole IX, compressed", async () => {
    const all = await listPublicPeers(site.test.db);
    expect(all.length).toBeGreaterThan(8 * PEER_PAGE_SIZE);
    const raw = await bytesSent(`${site.app.url}/peers`, "identity");
    const html = raw.body.toString("utf8");
    expect(html.match(/data-testid="peer"/g)).toHaveLength(PEER_PAGE_SIZE);
    expect(html).toContain(`of ${all.length} members`);
    // 25 cards are about 75 KB with the page around them; all 224 public members would be about 500 KB.
    expect(raw.bytes).toBeLessThan(120_000);
    const gzip = await bytesSent(`${site.app.url}/peers`, "gzip");
    expect(gzip.encoding).toBe("gzip");
    expect(gzip.bytes).toBeLessThan(20_000);
  });

  it("pages, searches and sorts without JavaScript", async () => {
    const all = await listPublicPeers(site.test.db);
    const byName = sortPeers(all, "name");
    await withoutJavaScript(async (page) => {
      await page.goto("/peers");
      expect(await page.evaluate(() => "next" in window)).toBe(false); // Next.js's runtime never ran
      expect(await cardNames(page)).toEqual(names(byName.slice(0, PEER_PAGE_SIZE)));
      const pages = Math.ceil(all.length / PEER_PAGE_SIZE);
      expect(await page.getByRole("navigation", { name: "Pages" }).innerText()).toContain(`Page 1 of ${pages}`);

      await page.getByRole("link", { name: "Next →" }).click();
      await page.waitForURL((url) => url.searchParams.get("page") === "2");
      expect(await cardNames(page)).toEqual(names(byName.slice(PEER_PAGE_SIZE, 2 * PEER_PAGE_SIZE)));

      // A member far down the list, found by ASN from the search box (Enter submits the GET form).
      const target = byName.at(-1)!;
      await page.getByLabel("Search").fill(`AS${target.asns[0]!.asn}`);
      await page.getByLabel("Search").press("Enter");
      await page.waitForURL((url) => url.searchParams.get("q") === `AS${target.asns[0]!.asn}`);
      expect(await cardNames(page)).toEqual([target.name]);
      expect(await page.getByTestId("peer-address").allInnerTexts()).toEqual(target.asns.flatMap((asn) => asn.addresses.map((ip) => ip.address)));
      expect(await page.getByText(`1 of ${all.length} members`).count()).toBe(1);

      // A search with several pages of results, by ASN: the page links keep both.
      const matches = sortPeers(filterPeers(all, "fmt"), "asn");
      expect(matches.length).toBeGreaterThan(PEER_PAGE_SIZE);
      await page.getByLabel("Search").fill("fmt");
      await page.getByLabel("Sort by").selectOption("asn");
      await page.getByRole("button", { name: "Show" }).click();
      await page.waitForURL((url) => url.searchParams.get("q") === "fmt" && url.searchParams.get("sort") === "asn");
      expect(await cardNames(page)).toEqual(names(matches.slice(0, PEER_PAGE_SIZE)));
      await page.getByRole("link", { name: "Next →" }).click();
      await page.waitForURL((url) => url.searchParams.get("page") === "2");
      expect(new URL(page.url()).searchParams.get("q")).toBe("fmt");
      expect(await cardNames(page)).toEqual(names(matches.slice(PEER_PAGE_SIZE, 2 * PEER_PAGE_SIZE)));
      expect(await page.getByLabel("Search").inputValue()).toBe("fmt");
      expect(await page.getByLabel("Sort by").inputValue()).toBe("asn");
      const dir = process.env.TEST_SCREENSHOT_DIR;
      if (dir) await page.screenshot({ path: join(dir, "peers-no-javascript.png"), fullPage: true });
    });
  });

  it("with JavaScript, the list follows typing without pressing the button", async () => {
    const all = await listPublicPeers(site.test.db);
    const context = await newContext(site.browser);
    try {
      const page = await context.newPage();
      await page.goto(`${site.app.url}/peers?page=3`);
      const target = sortPeers(all, "name")[0]!;
      await page.getByLabel("Search").fill(target.name);
      await expect.poll(() => cardNames(page)).toEqual(names(sortPeers(filterPeers(all, target.name), "name").slice(0, PEER_PAGE_SIZE)));
      expect(await page.evaluate(() => "next" in window)).toBe(true);
      expect(new URL(page.url()).searchParams.get("page")).toBeNull(); // a new search starts on its first page
    } finally {
      await context.close();
    }
  });
});
