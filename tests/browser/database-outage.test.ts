import { createConnection, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { seedDemo } from "@/server/seed/demo";
import { freePort, sessionCookie, startApp, type RunningApp } from "../helpers/app";
import { launchBrowser, newContext } from "../helpers/browser";
import { fillRequestForm } from "./journeys/onboarding";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { TEST_SERVER_URL } from "../helpers/run-id";

/**
 * Signed-in people whose session cannot be read because the database is down see "temporarily
 * unavailable" (503), not the login page. The app reaches MariaDB through a TCP relay the test cuts.
 */

let test: TestDatabase;
let app: RunningApp;
let browser: Browser | undefined;
let relayPort = 0;
let relay: { server: Server; sockets: Set<Socket> } | undefined;

async function openRelay(): Promise<void> {
  const target = new URL(TEST_SERVER_URL);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(Number(target.port || 3306), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(relayPort, "127.0.0.1", resolve));
  relay = { server, sockets };
}

async function cutRelay(): Promise<void> {
  if (!relay) return;
  const { server, sockets } = relay;
  relay = undefined;
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 1, seed: 5 });
  relayPort = await freePort();
  await openRelay();
  const url = new URL(test.url);
  url.host = `127.0.0.1:${relayPort}`;
  app = await startApp({ DATABASE_URL: url.toString() });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await cutRelay();
  await test?.drop();
});

describe("a signed-in volunteer while the database is down", () => {
  it("sees a temporarily-unavailable page (503), is not sent to sign in, and is back in once it returns", async () => {
    const cookie = await sessionCookie(app, test.db, "volunteer@example.net");
    expect((await fetch(`${app.url}/admin/members`, { headers: { Cookie: cookie }, redirect: "manual" })).status).toBe(200);

    await cutRelay();
    const first = await fetch(`${app.url}/admin/members`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(first.status).toBe(307);
    // The admin layout, which checks the role, sends people back to /admin.
    expect(first.headers.get("location")).toMatch(/^(http:\/\/[^/]+)?\/unavailable\?from=%2Fadmin$/);
    const page = await fetch(`${app.url}/admin/members`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("30");
    const html = await page.text();
    expect(html).toContain("Temporarily unavailable");
    expect(html).toContain('<a href="/admin">Try again</a>');

    // Without a session cookie it is still the login page.
    const anonymous = await fetch(`${app.url}/admin/members`, { redirect: "manual" });
    expect(anonymous.headers.get("location")).toMatch(/\/login\?callbackUrl=%2Fadmin$/);

    await openRelay();
    let back = 0;
    for (let i = 0; i < 40 && back !== 200; i++) {
      back = (await fetch(`${app.url}/admin/members`, { headers: { Cookie: cookie }, redirect: "manual" })).status;
      if (back !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(back).toBe(200);
  });
});

describe("a visitor sending the /connect form while the database is down", () => {
  it("is told the portal is temporarily unavailable, keeps what they entered, and can send it once it is back", async () => {
    browser = await launchBrowser();
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${app.url}/connect`);
    await fillRequestForm(page, { networkName: "Outage Networks", asn: "AS13335", contactEmail: "noc@outage.example", pop: "Fremont", tunnelType: "VXLAN", remoteEndpoint: "2a01:4f8:1:2::9" });

    await cutRelay();
    await page.getByRole("button", { name: "Send peering request" }).click();
    await expect.poll(() => page.getByText("The portal is temporarily unavailable").count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByText("Nothing was saved; what you entered is still in the form.").count()).toBe(1);
    expect(await page.inputValue("#networkName")).toBe("Outage Networks");

    await openRelay();
    await expect
      .poll(async () => {
        if (await page.getByText("Thank you!").count()) return 1;
        // The pool may need a moment to reconnect: send again until it goes through.
        const send = page.getByRole("button", { name: "Send peering request" });
        if (await send.isEnabled().catch(() => false)) await send.click();
        return 0;
      }, { timeout: 30_000, interval: 1_000 })
      .toBe(1);
  });
});
