import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { and, eq, inArray, ne } from "drizzle-orm";
import type { Page } from "playwright-core";
import { asns, clients, connections, ips, requests } from "@/server/db/schema";
import { newContext, signInWithLink } from "../helpers/browser";
import { withBrowserApp } from "../helpers/browser-app";

let exportDir: string;
// As a fresh install runs it: no PeeringDB lookups, no IX-F database id yet.
const site = withBrowserApp({
  demo: { members: 5, seed: 4 },
  async prepare() {
    exportDir = await mkdtemp(join(tmpdir(), "ixpt-pages-"));
    return { IXF_EXPORT_PATH: join(exportDir, "ixf.json") };
  },
});
afterAll(async () => {
  if (exportDir) await rm(exportDir, { recursive: true, force: true });
});

/** Full-page screenshots for a person to look at, when TEST_SCREENSHOT_DIR names a folder. */
async function screenshot(page: Page, name: string) {
  const dir = process.env.TEST_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

const REQUESTER = "peering@pages-journey.example";

describe("static files of the built app", () => {
  it("serves a favicon and a robots.txt that keeps crawlers out of the portal, the admin UI and the APIs", async () => {
    const icon = await fetch(`${site.app.url}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    const bytes = new Uint8Array(await icon.arrayBuffer());
    // ICONDIR: reserved 0, type 1 (icon), at least one image.
    expect([...bytes.slice(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(bytes[4]! + bytes[5]! * 256).toBeGreaterThan(0);

    const robots = await fetch(`${site.app.url}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(robots.headers.get("content-type")).toMatch(/^text\/plain/);
    const rules = (await robots.text()).split("\n").map((line) => line.trim());
    expect(rules).toEqual(expect.arrayContaining(["User-agent: *", "Allow: /", "Disallow: /admin", "Disallow: /portal", "Disallow: /api"]));
  });
});

describe("pages say what they show, in words people use", () => {
  it("a request keeps the contact private by default; the reviewer sees the skipped PeeringDB check and the new state right after Approve", async () => {
    const context = await newContext(site.browser);
    const requester = await context.newPage();
    await requester.goto(`${site.app.url}/connect`);
    expect(await requester.getByLabel(/^No, keep it private/).isChecked()).toBe(true);
    expect(await requester.getByLabel(/^Yes, publish it/).isChecked()).toBe(false);
    // POPs read "Fremont (US) · FMT", never "Fremont, Fremont".
    expect(await requester.locator("#locationId option").allTextContents()).toContain("Fremont (US) · FMT");
    await requester.fill("#networkName", "Pages Journey Networks");
    await requester.fill("#asn", "AS213997");
    await requester.fill("#contactEmail", REQUESTER);
    await requester.selectOption("#locationId", { label: "Fremont (US) · FMT" });
    await requester.selectOption("#tunnelType", { label: "VXLAN" });
    await requester.fill("#remoteEndpoint", "8.8.4.4");
    await screenshot(requester, "connect-form");
    await requester.getByRole("button", { name: "Send peering request" }).click();
    await requester.getByRole("status").filter({ hasText: "We have emailed you a link" }).waitFor();
    const [request] = await site.test.db.select().from(requests).where(eq(requests.contactEmail, REQUESTER));
    expect(request!.publishContact).toBe(false);
    // Confirming the email address is not under test here.
    await site.test.db.update(requests).set({ state: "pending", verifiedAt: new Date() }).where(eq(requests.id, request!.id));

    const admin = await signInWithLink(context, site.app, "admin@example.net", "/admin");
    // No IXF_ID configured: the dashboard says what that means for the IX-F export.
    expect(await admin.getByRole("alert").filter({ hasText: "IXF_ID is not set" }).count()).toBe(1);
    await screenshot(admin, "admin-dashboard");
    await admin.goto(`${site.app.url}/admin/requests/${request!.id}`);
    const state = admin.locator('dt:text-is("State") + dd');
    expect(await state.textContent()).toBe("pending");
    const peeringDb = admin.locator("li", { hasText: "PeeringDB:" });
    expect(await peeringDb.textContent()).toBe("not runPeeringDB: Not checked: PeeringDB lookups are off (PEERINGDB_URL is not set)");
    expect(await admin.locator('dt:text-is("Contact") + dd').textContent()).toBe(`${REQUESTER} (private)`);
    await admin.getByLabel(/why approve anyway/).fill("Known to the IX: people pages test");
    await admin.getByRole("button", { name: `Approve request #${request!.id}` }).click();
    // Without a reload, the page shows the request as approved.
    await expect.poll(() => state.textContent(), { timeout: 30_000 }).toBe("approved");
    expect(await admin.getByRole("status").textContent()).toMatch(/^Approved .* by admin@example\.net\. The member has been emailed/);
    expect(await admin.getByRole("button", { name: /^Approve/ }).count()).toBe(0);
    await screenshot(admin, "request-approved");
    await context.close();
  });

  it("/peers says what it lists, shows down sessions as down, and publishes a contact only once the member opts in", async () => {
    const [member] = await site.test.db.select({ id: clients.id }).from(clients).where(eq(clients.contactEmail, REQUESTER));
    const memberAsns = await site.test.db.select({ id: asns.id }).from(asns).where(eq(asns.clientId, member!.id));
    // Another member whose route-server sessions are all down, as after a demo start.
    const [downAsn] = await site.test.db
      .select({ asn: asns.asn, clientId: asns.clientId })
      .from(asns)
      .innerJoin(ips, eq(ips.asnId, asns.id))
      .where(and(eq(ips.provisioned, true), eq(asns.rsClient, true), ne(asns.clientId, member!.id)))
      .limit(1);
    const downAsns = await site.test.db.select({ id: asns.id }).from(asns).where(eq(asns.clientId, downAsn!.clientId));
    await site.test.db
      .update(ips)
      .set({ rsSession: "down", rsSessionDownSince: new Date() })
      .where(inArray(ips.asnId, downAsns.map((row) => row.id)));

    const context = await newContext(site.browser);
    const visitor = await context.newPage();
    await visitor.goto(`${site.app.url}/peers`);
    const body = await visitor.locator("main").innerText();
    expect(body).not.toMatch(/live sessions/i);
    expect(body).toContain("whether its session with our route servers was up when we last checked");
    const downCard = visitor.getByTestId("peer").filter({ hasText: `AS${downAsn!.asn}` });
    expect(await downCard.getByTestId("session-state").allTextContents()).toEqual(
      expect.arrayContaining(["route-server session down"]),
    );
    expect(await downCard.getByTestId("session-state").allTextContents()).not.toContain("route-server session up");
    const newCard = visitor.getByTestId("peer").filter({ hasText: "Pages Journey Networks" });
    expect(await newCard.count()).toBe(1);
    expect(await newCard.getByTestId("session-state").allTextContents()).toEqual(expect.arrayContaining(["route-server session not checked yet"]));
    expect(await visitor.locator("main").innerText()).not.toContain(REQUESTER);
    await screenshot(visitor, "peers");

    // The member publishes their contact on the portal's Contacts form.
    const portal = await signInWithLink(context, site.app, REQUESTER, "/portal");
    const privateBox = portal.getByLabel("Keep contact details private");
    expect(await privateBox.isChecked()).toBe(true);
    await screenshot(portal, "portal");
    await privateBox.uncheck();
    await portal.getByRole("button", { name: "Save contacts" }).click();
    await expect.poll(async () => (await site.test.db.select({ p: clients.contactPrivate }).from(clients).where(eq(clients.id, member!.id)))[0]!.p).toBe(false);
    await visitor.reload();
    expect(await visitor.getByTestId("peer").filter({ hasText: "Pages Journey Networks" }).getByTestId("peer-contact").textContent()).toBe(
      `Peering contact: ${REQUESTER}`,
    );

    // The member's connection page labels the POP's tunnel parameters and names the POP's city once.
    const [connection] = await site.test.db.select({ id: connections.id }).from(connections).where(inArray(connections.clientId, [member!.id]));
    expect(memberAsns.length).toBe(1);
    await portal.goto(`${site.app.url}/portal/connections/${connection!.id}`);
    const tunnel = portal.getByRole("region", { name: "Tunnel" });
    const text = await tunnel.innerText();
    expect(text).toContain("FMT: Fremont (US)");
    expect(await tunnel.locator('dt:text-is("UDP port") + dd').textContent()).toBe("4789");
    expect(text).not.toMatch(/udpPort|Fremont, Fremont/);
    await screenshot(portal, "portal-connection");

    // Volunteers see the same choice on the admin member page, and can set the connection's IX-F speed.
    const admin = await signInWithLink(context, site.app, "admin@example.net", `/admin/members/${member!.id}`);
    expect(await admin.getByLabel("Keep contact details private").isChecked()).toBe(false);
    expect(await admin.getByLabel("Speed (Mbit/s)").inputValue()).toBe("");
    await screenshot(admin, "admin-member");
    await context.close();
  });

  it("the POPs pages label tunnel parameters and name each city once", async () => {
    const context = await newContext(site.browser);
    const admin = await signInWithLink(context, site.app, "admin@example.net", "/admin/locations");
    const table = await admin.locator("table").innerText();
    expect(table).toContain("Amsterdam (NL)");
    expect(table).toContain("VXLAN · UDP port: 4789");
    expect(table).toContain("Local ethernet · Bridge port: eth1");
    expect(table).toContain("ZeroTier · Network id: 8056c2e21c000001");
    expect(table).not.toMatch(/udpPort|bridgePort|networkId|Amsterdam, Amsterdam/);
    await screenshot(admin, "admin-pops");
    await admin.goto(`${site.app.url}/locations`);
    const cards = await admin.locator("main").innerText();
    expect(cards).toContain("Amsterdam (NL)");
    expect(cards).not.toMatch(/udpPort|bridgePort|networkId|Amsterdam, Amsterdam/);
    await screenshot(admin, "public-locations");
    await context.close();
  });
});
