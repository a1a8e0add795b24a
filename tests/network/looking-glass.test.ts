import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { clients, users } from "@/server/db/schema";
import { env } from "@/server/env";
import { memberFilteredRoutes, readNeighborRoutes, readProtocols } from "@/server/lookingglass/service";
import { findRouteServer, type RouteServerRecord } from "@/server/routeserver/queries";
import { ensureBuilt, sessionCookie, startApp, type RunningApp } from "../helpers/app";
import { launchBrowser, newContext, signInWithLink } from "../helpers/browser";
import { showRoutes } from "../helpers/bird";
import { RS_ASN, startRouteServerLab, until, type RouteServerLab } from "../helpers/routeserver-lab";

/**
 * Issue #11, looking glass, against a real BIRD route server: member Alpha (AS-ALPHA, IRR list 23.1.0.0/16)
 * announces 23.1.1.0/24 (inside its list), 23.1.2.0/24 originated behind it by AS30011, and 44.1.0.0/24
 * (outside). The domain functions, the JSON API, the birdwatcher endpoints, the pages in Chromium and the member
 * portal must all show the first two accepted and the third filtered with the IRR reason; then the route server
 * is frozen (SIGSTOP) and everything says "not reachable" within the timeout.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SCREENSHOTS = process.env.TEST_SCREENSHOT_DIR ?? join(ROOT, ".data/test-results/looking-glass");
const ALPHA = 30001;
const BRAVO = 30002;
const BEHIND_ALPHA = 30011;
const TIMEOUT_MS = 1500;

let lab: RouteServerLab;
let app: RunningApp;
let browser: Browser;
let routeServer: RouteServerRecord;
let alphaProtocol: string;
let alphaClientId: number;
const testEnv = () => ({ ...env(), LG_TIMEOUT_MS: TIMEOUT_MS, LG_CACHE_SECONDS: 1 });

async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  ensureBuilt();
  lab = await startRouteServerLab([
    { asn: ALPHA, name: "Alpha Networks", asSet: "AS-ALPHA", irr4: [{ prefix: "23.1.0.0/16", le: 24 }], originAsns: [ALPHA, BEHIND_ALPHA] },
    { asn: BRAVO, name: "Bravo Hosting" },
  ]);
  await lab.startMember(1, "route 23.1.1.0/24 blackhole;\nroute 23.1.2.0/24 blackhole { bgp_path.prepend(30011); };\nroute 44.1.0.0/24 blackhole;");
  await lab.startMember(2, "");
  await until("Alpha's routes at the route server", async () => ((await showRoutes(lab.rsClient, "show route table master4 all")).length === 2 ? true : undefined));
  await until("the filtered route at the route server", async () => ((await showRoutes(lab.rsClient, "show route table master4 all filtered")).length === 1 ? true : undefined));
  routeServer = (await findRouteServer(lab.test.db, "rs1"))!;
  alphaProtocol = lab.protocolOf(1);
  const [alpha] = await lab.test.db.select({ id: clients.id }).from(clients).where(eq(clients.name, "Alpha Networks"));
  alphaClientId = alpha!.id;
  await lab.test.db.insert(users).values([
    { id: "lg-vol", email: "noc@ix.example", role: "volunteer" },
    { id: "lg-alpha", email: "noc@alpha.example", role: "member", clientId: alphaClientId },
  ]);
  app = await startApp({ DATABASE_URL: lab.test.url, LG_TIMEOUT_MS: String(TIMEOUT_MS), LG_CACHE_SECONDS: "1", LG_CLIENT_REQUESTS_PER_MINUTE: "1000" });
  browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await lab?.stop();
});

describe("looking glass on a real route server", () => {
  it("reads the sessions with their counts and one neighbor's routes, the filtered one with its reason", async () => {
    const protocols = await readProtocols(lab.test.db, routeServer, testEnv());
    const alpha = protocols.value.find((p) => p.name === alphaProtocol)!;
    expect(alpha).toMatchObject({ bgpState: "Established", neighborAs: ALPHA, neighborAddress: "198.18.0.11", routes: { imported: 2, filtered: 1 } });
    expect(alpha.owner).toMatchObject({ name: "Alpha Networks", asn: ALPHA, asSet: "AS-ALPHA" });

    const accepted = await readNeighborRoutes(lab.test.db, routeServer, testEnv(), alphaProtocol, "accepted", { kind: "volunteer" });
    expect(accepted.value.map((r) => [r.prefix, r.asPath, r.nextHop, r.filtered]).sort()).toEqual([
      ["23.1.1.0/24", [ALPHA], "198.18.0.11", false],
      ["23.1.2.0/24", [ALPHA, BEHIND_ALPHA], "198.18.0.11", false],
    ]);
    expect(accepted.value[0]!.largeCommunities.some(([asn, tag]) => asn === RS_ASN && tag === 1000)).toBe(true);

    const filtered = await readNeighborRoutes(lab.test.db, routeServer, testEnv(), alphaProtocol, "filtered", { kind: "volunteer" });
    expect(filtered.value.map((r) => [r.prefix, r.rejectReason, r.rejectReasonText])).toEqual([["44.1.0.0/24", "IRR_PREFIX", "prefix not in the member's IRR prefix list"]]);
  });

  it("tells the member about their own filtered route in their words", async () => {
    const result = await memberFilteredRoutes(lab.test.db, testEnv(), alphaClientId);
    expect(result).toEqual({
      unreachable: [],
      routes: [{ routeServer: "rs1", protocol: alphaProtocol, prefix: "44.1.0.0/24", asPath: [ALPHA], reason: "IRR_PREFIX", reasonText: "not in your IRR set AS-ALPHA" }],
    });
  });
});
