import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { asns, users } from "@/server/db/schema";
import { env } from "@/server/env";
import { refreshPeeringDbData } from "@/server/routeserver/peeringdb-refresh";
import { seedDemo } from "@/server/seed/demo";
import { ensureBuilt, startApp, type RunningApp } from "../helpers/app";
import { launchBrowser, newContext, signInWithLink } from "../helpers/browser";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startFakePeeringDb } from "../helpers/fake-peeringdb";

/** Issue #15 point 7: the max-prefix the route servers take from PeeringDB is shown to the member. */

let test: TestDatabase;
let app: RunningApp;
let browser: Browser;
let peeringDb: Awaited<ReturnType<typeof startFakePeeringDb>>;

beforeAll(async () => {
  ensureBuilt();
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 3, seed: 4 });
  app = await startApp({ DATABASE_URL: test.url, RS_MAX_PREFIX_PEERINGDB_MARGIN: "50" });
  browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await peeringDb?.close();
  await test?.drop();
});

describe("route-server max-prefix in the member portal", () => {
  it("shows the limit from the member's PeeringDB prefix count plus the margin, and the member's own setting", async () => {
    const [member] = await test.db.select({ email: users.email, clientId: users.clientId }).from(users).where(eq(users.role, "member"));
    const [asn] = await test.db.select({ id: asns.id, asn: asns.asn }).from(asns).where(eq(asns.clientId, member!.clientId!)).orderBy(asns.asn);
    await test.db.update(asns).set({ rsClient: true, maxPrefixV4: null, maxPrefixV6: 30 }).where(eq(asns.id, asn!.id));
    peeringDb = await startFakePeeringDb([{ asn: asn!.asn, info_prefixes4: 200, info_prefixes6: 3 }]);
    const refreshed = await refreshPeeringDbData(test.db, { ...env(), DATABASE_URL: test.url, PEERINGDB_URL: peeringDb.url }, new Date());
    expect(refreshed.prefixCounts).toMatchObject({ changed: expect.any(Number) });

    const context = await newContext(browser);
    const page = await signInWithLink(context, app, member!.email, "/portal");
    const section = page.locator("div.rounded", { has: page.locator(`input[name="asnId"][value="${asn!.id}"]`) }).getByTestId("rs-max-prefix");
    // 200 prefixes on PeeringDB with the app's 50 % margin: 300. IPv6: the member's own 30 wins over PeeringDB.
    await expect.poll(() => section.textContent()).toBe("Route-server max-prefix: IPv4 300 (from PeeringDB: 200 prefixes plus headroom) · IPv6 30 (your setting)");
    await context.close();
  });
});
