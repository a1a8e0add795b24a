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
/** Requests per client and minute: more than the tests before the last one make, few enough to reach quickly. */
const CLIENT_LIMIT = 150;
/** Page loads on the shared test machine may take seconds; poll well past vitest's default of 1 s. */
const POLL = { timeout: 20_000 };

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
  app = await startApp({ DATABASE_URL: lab.test.url, LG_TIMEOUT_MS: String(TIMEOUT_MS), LG_CACHE_SECONDS: "1", LG_CLIENT_REQUESTS_PER_MINUTE: String(CLIENT_LIMIT) });
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

  it("serves the same through the JSON API: public sees accepted routes and counts, the member and volunteers the filtered route with its reason", async () => {
    const get = async (path: string, cookie?: string) => {
      const response = await fetch(`${app.url}${path}`, { headers: cookie ? { cookie } : {} });
      return { status: response.status, type: response.headers.get("content-type"), body: (await response.json()) as Record<string, unknown> };
    };
    expect((await get("/api/lg")).body).toEqual({ routeServers: [{ name: "rs1", asn: RS_ASN, ipv4Address: "198.18.0.1", ipv6Address: "2001:2:0:1::1" }] });
    const protocols = await get("/api/lg/rs1/protocols");
    expect(protocols.status).toBe(200);
    expect((protocols.body.protocols as { name: string; routes: unknown; owner: unknown }[]).find((p) => p.name === alphaProtocol)).toMatchObject({
      bgpState: "Established",
      routes: { imported: 2, filtered: 1 },
      owner: { name: "Alpha Networks", asn: ALPHA },
    });
    const accepted = await get(`/api/lg/rs1/routes?protocol=${alphaProtocol}`);
    expect((accepted.body.routes as { prefix: string }[]).map((r) => r.prefix).sort()).toEqual(["23.1.1.0/24", "23.1.2.0/24"]);

    const hidden = await get(`/api/lg/rs1/routes?protocol=${alphaProtocol}&set=filtered`);
    expect(hidden.status).toBe(403);
    expect(hidden.type).toBe("application/problem+json");

    const member = await sessionCookie(app, lab.test.db, "noc@alpha.example");
    const own = await get(`/api/lg/rs1/routes?protocol=${alphaProtocol}&set=filtered`, member);
    expect((own.body.routes as { prefix: string; rejectReason: string; rejectReasonText: string }[]).map((r) => [r.prefix, r.rejectReason, r.rejectReasonText])).toEqual([
      ["44.1.0.0/24", "IRR_PREFIX", "not in your IRR set AS-ALPHA"],
    ]);
    const volunteer = await sessionCookie(app, lab.test.db, "noc@ix.example");
    const lookup = await get("/api/lg/rs1/prefix?prefix=44.1.0.0/24&exact=true", volunteer);
    expect((lookup.body.routes as { prefix: string; filtered: boolean; rejectReasonText: string }[]).map((r) => [r.prefix, r.filtered, r.rejectReasonText])).toEqual([
      ["44.1.0.0/24", true, "prefix not in the member's IRR prefix list"],
    ]);
    // Longest match: an address inside 23.1.2.0/24, and the public never sees the filtered one.
    const longest = await get("/api/lg/rs1/prefix?prefix=23.1.2.77");
    expect((longest.body.routes as { prefix: string; asPath: number[]; communities: unknown; largeCommunities: number[][]; nextHop: string }[]).map((r) => [r.prefix, r.asPath, r.nextHop])).toEqual([
      ["23.1.2.0/24", [ALPHA, BEHIND_ALPHA], "198.18.0.11"],
    ]);
    expect((await get("/api/lg/rs1/prefix?prefix=44.1.0.0/24&exact=true")).body.routes).toEqual([]);
    expect((await get("/api/lg/rs1/prefix?prefix=not-a-prefix")).status).toBe(400);
    expect((await get("/api/lg/rs9/protocols")).status).toBe(404);

    const graph = await get(`/api/lg/rs1/graph?protocol=${alphaProtocol}`);
    expect(graph.body.graph).toEqual({
      nodes: [
        { id: "RS:rs1", label: `rs1 (AS${RS_ASN})`, kind: "routeServer" },
        { id: `AS${ALPHA}`, label: `AS${ALPHA} Alpha Networks`, kind: "neighbor" },
        { id: `AS${BEHIND_ALPHA}`, label: `AS${BEHIND_ALPHA}`, kind: "origin" },
      ],
      edges: [
        { id: `RS:rs1->AS${ALPHA}`, source: "RS:rs1", target: `AS${ALPHA}`, routes: 2 },
        { id: `AS${ALPHA}->AS${BEHIND_ALPHA}`, source: `AS${ALPHA}`, target: `AS${BEHIND_ALPHA}`, routes: 1 },
      ],
    });
  });

  it("answers the birdwatcher endpoints Alice-LG calls, in the types Alice's parsers need", async () => {
    const bw = async (path: string) => {
      const response = await fetch(`${app.url}/api/lg/rs1/birdwatcher/${path}`);
      expect(response.status, path).toBe(200);
      const body = (await response.json()) as { api: { Version: unknown; result_from_cache: unknown }; ttl?: string } & Record<string, unknown>;
      expect(typeof body.api.Version).toBe("string");
      expect(typeof body.api.result_from_cache).toBe("boolean");
      expect(Number.isNaN(Date.parse(body.ttl!))).toBe(false);
      return body;
    };
    const status = (await bw("status")).status as Record<string, string>;
    expect(status.router_id).toBe("198.18.0.1");
    expect(status.version).toMatch(/^2\.\d+/);
    expect(status.last_reconfig).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    const protocols = (await bw("protocols/bgp")).protocols as Record<string, Record<string, unknown>>;
    expect(protocols[alphaProtocol]).toMatchObject({ protocol: alphaProtocol, bird_protocol: "BGP", state: "up", neighbor_as: ALPHA, neighbor_address: "198.18.0.11", description: "Alpha Networks", routes: { imported: 2, filtered: 1 } });
    expect(protocols[alphaProtocol]!.state_changed).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    type BwRoute = { network: string; from_protocol: string; primary: boolean; metric: number; age: string; bgp: { as_path: string[]; local_pref: string; large_communities: number[][]; next_hop: string } };
    const received = (await bw(`routes/protocol/${alphaProtocol}`)).routes as BwRoute[];
    const route = received.find((r) => r.network === "23.1.2.0/24")!;
    expect(route).toMatchObject({ from_protocol: alphaProtocol, primary: true, metric: 100, bgp: { as_path: [String(ALPHA), String(BEHIND_ALPHA)], local_pref: "100", next_hop: "198.18.0.11" } });
    expect(route.age).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(route.bgp.large_communities.every((c) => c.length === 3 && c.every((n) => typeof n === "number"))).toBe(true);
    // Filtered details follow LG_PUBLIC (default: not published); the list stays valid for Alice.
    expect((await bw(`routes/filtered/${alphaProtocol}`)).routes).toEqual([]);
    const exportedToBravo = (await bw(`routes/noexport/${lab.protocolOf(2)}`)).routes as BwRoute[];
    expect(Array.isArray(exportedToBravo)).toBe(true);
    const table = (await bw("routes/table/master")).routes as BwRoute[];
    expect(table.map((r) => r.network).sort()).toEqual(["23.1.1.0/24", "23.1.2.0/24"]);
    const unknown = await fetch(`${app.url}/api/lg/rs1/birdwatcher/routes/protocol/bad;name`);
    expect(((await unknown.json()) as { error: string }).error).toBe("invalid protocol name");
  });

  it("shows sessions, routes and the AS-path graph on the pages, and the member their filtered route on the portal", { timeout: 120_000 }, async () => {
    const anonymous = await (await newContext(browser)).newPage();
    await anonymous.goto(`${app.url}/lg`);
    await anonymous.getByRole("link", { name: "rs1" }).click();
    await expect.poll(() => anonymous.getByTestId("lg-protocol").count(), POLL).toBe(2);
    const alphaRow = anonymous.getByTestId("lg-protocol").filter({ hasText: "Alpha Networks" });
    expect(await alphaRow.innerText()).toMatch(/Established\s.*\s2\s+1\s/);
    expect(await anonymous.getByTestId("lg-session-summary").innerText()).toMatch(/^\d of 2 sessions established · showing 1–2$/);
    await screenshot(anonymous, "lg-route-server");
    // The sessions table is searched on the server (a plain GET form).
    await anonymous.getByLabel("Search sessions").fill(`AS${ALPHA}`);
    await anonymous.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => anonymous.getByTestId("lg-protocol").count(), POLL).toBe(1);
    expect(await anonymous.getByTestId("lg-protocol").innerText()).toContain("Alpha Networks");
    expect(new URL(anonymous.url()).searchParams.get("q")).toBe(`AS${ALPHA}`);
    await anonymous.goto(`${app.url}/lg/rs1`);

    await anonymous.getByLabel("Prefix or address").fill("23.1.2.0/24");
    await anonymous.getByRole("button", { name: "Look up" }).click();
    await expect.poll(() => anonymous.getByTestId("lg-prefix-route").count(), POLL).toBe(1);
    const prefixGraph = anonymous.getByTestId("as-path-graph");
    await expect.poll(() => prefixGraph.getAttribute("data-drawn-nodes"), POLL).toBe("3");
    expect(await prefixGraph.getAttribute("data-drawn-edges")).toBe("2");

    await anonymous.goto(`${app.url}/lg/rs1/${alphaProtocol}`);
    await expect.poll(() => anonymous.getByTestId("lg-accepted-route").count(), POLL).toBe(2);
    expect(await anonymous.getByTestId("lg-filtered-route").count()).toBe(0);
    await expect.poll(() => anonymous.getByTestId("as-path-graph").getAttribute("data-drawn-nodes"), POLL).toBe("3");
    expect(await anonymous.getByTestId("as-path-edges").textContent()).toContain(`AS${ALPHA} Alpha Networks → AS${BEHIND_ALPHA}`);
    // The canvas holds a drawing, not just a white box.
    const png = await anonymous.getByTestId("as-path-graph").screenshot();
    expect(png.length).toBeGreaterThan(3000);
    await screenshot(anonymous, "lg-neighbor-graph");

    const member = await signInWithLink(await newContext(browser), app, "noc@alpha.example", `/lg/rs1/${alphaProtocol}`);
    await expect.poll(() => member.getByTestId("lg-filtered-route").count(), POLL).toBe(1);
    expect(await member.getByTestId("lg-filtered-route").innerText()).toContain("filtered: not in your IRR set AS-ALPHA");
    await member.goto(`${app.url}/portal`);
    const filtered = member.getByTestId("member-filtered-route");
    await filtered.waitFor({ state: "visible" });
    expect(await filtered.count()).toBe(1);
    expect(await filtered.innerText()).toContain("44.1.0.0/24 filtered: not in your IRR set AS-ALPHA");
    await screenshot(member, "portal-filtered-routes");
  });

  it("says \"route server not reachable\" within the timeout when BIRD is frozen, on the API, the page and the portal", { timeout: 60_000 }, async () => {
    const pid = Number(readFileSync(join(dirname(lab.rs.socket), "bird.pid"), "utf8").trim());
    process.kill(pid, "SIGSTOP");
    try {
      // Past the 1 s cache, so every read below goes to BIRD.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      let started = Date.now();
      const response = await fetch(`${app.url}/api/lg/rs1/protocols`);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);
      expect(response.status).toBe(503);
      expect(((await response.json()) as { title: string; detail: string })).toMatchObject({ title: "Route server not reachable", detail: expect.stringMatching(/^route server rs1 not reachable: no answer within 1500 ms/) });

      const bw = await fetch(`${app.url}/api/lg/rs1/birdwatcher/protocols/bgp`);
      expect([bw.status, await bw.json()]).toEqual([500, { error: "bird unreachable" }]);

      const page = await (await newContext(browser)).newPage();
      started = Date.now();
      await page.goto(`${app.url}/lg/rs1?prefix=23.1.9.0/24`);
      expect(await page.getByTestId("lg-not-reachable").first().innerText()).toMatch(/^Route server rs1 not reachable: no answer within 1500 ms/);
      // Both reads of the page run at once: one timeout, plus the page itself on a loaded machine.
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2500);
      await screenshot(page, "lg-not-reachable");

      const result = await memberFilteredRoutes(lab.test.db, testEnv(), alphaClientId);
      expect(result.routes).toEqual([]);
      expect(result.unreachable).toEqual([{ routeServer: "rs1", message: expect.stringMatching(/^route server rs1 not reachable/) }]);
    } finally {
      process.kill(pid, "SIGCONT");
    }
  });

  it("refuses a client past its requests per minute with 429, on the JSON API and the birdwatcher endpoints", { timeout: 60_000 }, async () => {
    // The count is per clock minute, so a window may roll over once while this runs: allow twice the limit.
    let refused: Response | undefined;
    for (let i = 0; i <= 2 * CLIENT_LIMIT && !refused; i++) {
      const response = await fetch(`${app.url}/api/lg`);
      if (response.status === 429) refused = response;
      else await response.arrayBuffer();
    }
    expect(refused?.headers.get("content-type")).toBe("application/problem+json");
    expect(refused?.headers.get("retry-after")).toBe("60");
    const birdwatcher = await fetch(`${app.url}/api/lg/rs1/birdwatcher/status`);
    expect([birdwatcher.status, await birdwatcher.text()]).toEqual([429, ""]);
  });
});
