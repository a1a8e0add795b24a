import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { asns, clients, ipRouteServerSessions, ips, pingEvents, pingRollups, routeServerFilteredRoutes, routeServers, users } from "@/server/db/schema";
import { newContext, signInWithLink } from "../helpers/browser";
import { withBrowserApp } from "../helpers/browser-app";

/** Screenshots for a person to look at: TEST_SCREENSHOT_DIR, else test-results/screenshots (git-ignored). */
const SCREENSHOTS = process.env.TEST_SCREENSHOT_DIR ?? join(process.cwd(), "test-results", "screenshots");
async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const MEMBER_EMAIL = "diag-member@example.net";
/** The rollups given to the charts, to count the points they must draw. */
const stored: Date[] = [];
/** One signed-in volunteer session, shared by the volunteer tests (each sign-in runs the CLI). */
let volunteer: BrowserContext | undefined;
async function volunteerPage(path: string): Promise<Page> {
  if (volunteer) {
    const page = await volunteer.newPage();
    await page.goto(`${site.app.url}${path}`);
    return page;
  }
  volunteer = await newContext(site.browser);
  return signInWithLink(volunteer, site.app, "admin@example.net", path);
}
afterAll(async () => {
  await volunteer?.close();
});

let member: { clientId: number; name: string; upIp: { id: number; address: string }; downIp: { id: number; address: string } };

const site = withBrowserApp({
  demo: { members: 3, seed: 4 },
  async prepare(test) {
    const [client] = await test.db.select({ id: clients.id, name: clients.name }).from(clients).orderBy(asc(clients.id)).limit(1);
    const memberIps = await test.db
      .select({ id: ips.id, address: ips.address })
      .from(ips)
      .innerJoin(asns, eq(asns.id, ips.asnId))
      .where(eq(asns.clientId, client!.id))
      .orderBy(asc(ips.family), asc(ips.address));
    const [upIp, downIp] = memberIps as [{ id: number; address: string }, { id: number; address: string }];
    member = { clientId: client!.id, name: client!.name, upIp, downIp };
    await test.db.insert(users).values({ email: MEMBER_EMAIL, role: "member", clientId: client!.id, emailVerified: new Date() });

    const now = Date.now();
    const down = new Date(now - 5 * HOUR);
    await test.db.update(ips).set({ provisioned: true, monitor: true, pingable: true, pingDownSince: null, rsSession: "up" }).where(eq(ips.id, upIp.id));
    await test.db.update(ips).set({ provisioned: true, monitor: true, pingable: false, pingDownSince: down, rsSession: "down", rsSessionDownSince: down }).where(eq(ips.id, downIp.id));
    // 600 minutes of the last day (a slow stretch in the middle), and one minute on each of 3 earlier days.
    const lastMinute = Math.floor(now / MINUTE) * MINUTE;
    for (let i = 1; i <= 600; i++) stored.push(new Date(lastMinute - i * MINUTE));
    for (const days of [3, 6, 9]) stored.push(new Date(lastMinute - days * 24 * HOUR));
    await test.db.insert(pingRollups).values(
      stored.map((minute, i) => ({ ipId: upIp.id, minute, sent: 60, received: i % 50 === 0 ? 54 : 60, rttMinMs: 4, rttAvgMs: i > 200 && i < 260 ? 45 : 6 + (i % 7), rttMaxMs: 70 })),
    );
    // A flapping hour for the heatmap.
    await test.db.insert(pingEvents).values([0, 1, 2, 3].map((i) => ({ ipId: upIp.id, state: i % 2 ? ("up" as const) : ("down" as const), at: new Date(now - 3 * HOUR + i * 5 * MINUTE) })));
    const [rs] = await test.db.select({ id: routeServers.id }).from(routeServers).orderBy(asc(routeServers.name)).limit(1);
    await test.db.delete(ipRouteServerSessions).where(eq(ipRouteServerSessions.ipId, upIp.id));
    await test.db.delete(ipRouteServerSessions).where(eq(ipRouteServerSessions.ipId, downIp.id));
    await test.db.insert(ipRouteServerSessions).values([
      { ipId: upIp.id, routeServerId: rs!.id, state: "up", bgpState: "Established", since: new Date(now - 2 * HOUR), routesImported: 3, routesFiltered: 2, checkedAt: new Date(now) },
      { ipId: downIp.id, routeServerId: rs!.id, state: "down", bgpState: "Active", lastError: "Socket: Connection refused", checkedAt: new Date(now) },
    ]);
    await test.db.delete(routeServerFilteredRoutes);
    await test.db.insert(routeServerFilteredRoutes).values({ routeServerId: rs!.id, family: 4, reason: "IRR_PREFIX", routes: 2, checkedAt: new Date(now) });
  },
});

const distinct = (values: number[]) => new Set(values).size;

/** The chart's figure says how many points it was given, and its canvas has pixels drawn. */
async function checkChart(page: Page, testId: string, points: number, drawn: number[]) {
  const figure = page.getByTestId(testId).first();
  await expect.poll(() => figure.getAttribute("data-rendered")).toBe("true");
  expect(Number(await figure.getAttribute("data-points"))).toBe(points);
  expect((await figure.getAttribute("data-drawn-points"))!.split(",").map(Number)).toEqual(drawn);
  const painted = await figure.locator("canvas").evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) count++;
    return { count, width: canvas.width };
  });
  expect(painted.width).toBeGreaterThan(300);
  expect(painted.count).toBeGreaterThan(500);
}

describe("member diagnostics and the operator dashboard in Chromium", () => {
  it("a member sees ping state, the checklist with the reasons, and latency and loss charts with every stored point", async () => {
    const context = await newContext(site.browser);
    const page = await signInWithLink(context, site.app, MEMBER_EMAIL, "/portal/diagnostics");
    expect(new URL(page.url()).pathname).toBe("/portal/diagnostics");
    const up = page.locator(`[data-testid="diagnostics-ip"][data-address="${member.upIp.address}"]`);
    const down = page.locator(`[data-testid="diagnostics-ip"][data-address="${member.downIp.address}"]`);
    expect(await up.getByTestId("ping-now").textContent()).toMatch(/Ping: up/);
    expect(await down.getByTestId("ping-now").textContent()).toMatch(/Ping: down since .* UTC \(5 hours\)/);
    // Down address: the tunnel is where to look. Up address with filtered routes: the reason in words.
    expect(await down.getByTestId("check-tunnel").getAttribute("data-status")).toBe("fail");
    expect(await down.getByTestId("check-bgp").getAttribute("data-status")).toBe("skipped");
    expect(await down.getByTestId("no-ping-statistics").textContent()).toBe("No ping statistics are stored for this address in the last 14 days.");
    expect(await up.getByTestId("check-routes").getAttribute("data-status")).toBe("warn");
    expect(await up.getByTestId("check-routes").textContent()).toContain("prefix not in the member's IRR prefix list (2)");

    const minutes = stored.filter((m) => m.getTime() > Date.now() - 24 * HOUR).length;
    await checkChart(up.page(), "chart-latency-day", 1440, [minutes, minutes]);
    await checkChart(page, "chart-loss-day", 1440, [minutes]);
    const hours = distinct(stored.map((m) => Math.floor(m.getTime() / HOUR)));
    await checkChart(page, "chart-latency-fortnight", 336, [hours, hours]);
    expect(await page.getByTestId("chart-latency-day").first().textContent()).toContain("(times in UTC)");
    await screenshot(page, "diagnostics-member");
    await page.getByTestId("chart-latency-day").first().screenshot({ path: join(SCREENSHOTS, "diagnostics-chart-latency-day.png") });

    // Another member's diagnostics are not for this member.
    const other = await page.goto(`${site.app.url}/portal/diagnostics?client=${member.clientId + 1}`);
    expect(other!.status()).toBe(403);
    await context.close();
  });

  it("a volunteer sees the same page for the member, with the expected neighbor lines when ping works but BGP does not", async () => {
    await site.test.db.update(ips).set({ pingable: true, pingDownSince: null }).where(eq(ips.id, member.downIp.id));
    const page = await volunteerPage(`/admin/members/${member.clientId}/diagnostics`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(`Diagnostics: ${member.name}`);
    const down = page.locator(`[data-testid="diagnostics-ip"][data-address="${member.downIp.address}"]`);
    expect(await down.getByTestId("check-bgp").getAttribute("data-status")).toBe("fail");
    expect(await down.getByTestId("check-bgp").textContent()).toContain("Active, last error: Socket: Connection refused");
    expect(await down.getByTestId("expected-bgp-config").textContent()).toMatch(new RegExp(`local ${member.downIp.address.replace(/\./g, "\\.")} as \\d+;[\\s\\S]*neighbor \\S+ as \\d+;`));
    await checkChart(page, "chart-loss-fortnight", 336, [distinct(stored.map((m) => Math.floor(m.getTime() / HOUR)))]);
    await screenshot(page, "diagnostics-volunteer");
    await site.test.db.update(ips).set({ pingable: false, pingDownSince: new Date(Date.now() - 5 * HOUR) }).where(eq(ips.id, member.downIp.id));
    await page.close();
  });

  it("the dashboard shows who is down, route servers, reasons, what is coming and the heatmap with the flapping member first", async () => {
    const page = await volunteerPage("/admin");
    const dashboard = page.getByTestId("operator-dashboard");
    const downRows = dashboard.getByTestId("down-member");
    expect(await downRows.filter({ hasText: member.name }).textContent()).toContain(`${member.downIp.address}: ping down, session down`);
    expect(await dashboard.getByTestId("filtered-reason").allTextContents()).toEqual(["prefix not in the member's IRR prefix list2"]);
    expect(await dashboard.getByTestId("dashboard-route-server").count()).toBeGreaterThan(0);
    expect(await dashboard.getByTestId("worker-missing").count()).toBe(1);
    const first = dashboard.getByTestId("heatmap-row").first();
    expect(await first.textContent()).toContain(member.name);
    expect(await first.getAttribute("data-changes")).toBe("4");
    expect(await first.getByTestId("heatmap-cell").count()).toBe(24);
    expect(await first.locator('[data-shade="lossy"]').count()).toBeGreaterThan(0);
    await screenshot(page, "admin-dashboard-overview");
    await page.close();
  });

  it("the members and requests tables search, sort and page with plain links and forms, without JavaScript", async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    await volunteerPage("/admin/members").then((page) => page.close());
    await context.addCookies(await volunteer!.cookies());
    const link = await context.newPage();
    await link.goto(`${site.app.url}/admin/members`);
    const names = () => link.getByTestId("member-row").locator("td:first-child a").allTextContents();
    const ascending = await names();
    expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b)));
    await link.getByRole("link", { name: /^Name/ }).click();
    expect(new URL(link.url()).searchParams.get("dir")).toBe("desc");
    expect(await names()).toEqual([...ascending].reverse());
    await link.getByLabel("Search members").fill(member.name);
    await link.getByRole("button", { name: "Search" }).click();
    expect(await names()).toEqual([member.name]);
    await link.goto(`${site.app.url}/admin/requests?state=approved`);
    expect(await link.getByRole("heading", { level: 1 }).textContent()).toBe("Requests");
    expect(await link.getByText(/^\d+ requests? \(approved\)$/).count()).toBe(1);
    await screenshot(link, "admin-requests-no-js");
    // A page past the end (an old link) lands on the last page with the rest of the search kept.
    await link.goto(`${site.app.url}/admin/members?q=${encodeURIComponent(member.name)}&page=9`);
    expect(Object.fromEntries(new URL(link.url()).searchParams)).toMatchObject({ q: member.name, page: "1" });
    expect(await names()).toEqual([member.name]);
    await context.close();
  });
});
