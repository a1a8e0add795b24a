import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { ips, requests, routeServers } from "@/server/db/schema";
import { seedDemo } from "@/server/seed/demo";
import { ensureBuilt, sessionCookie, startApp, type RunningApp } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { addPendingRequest } from "../helpers/ix-fixture";
import { startPrometheus, type RunningPrometheus } from "../helpers/prometheus";

/** GET /metrics on the built app: scraped by a real Prometheus with the bearer token, and refused without it. */

const TOKEN = "metrics-token-for-the-test-0123456789";
let test: TestDatabase;
let app: RunningApp;
let prometheus: RunningPrometheus;

beforeAll(async () => {
  ensureBuilt();
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 4, seed: 13 });
  const [{ locationId }] = (await test.db.select({ locationId: routeServers.locationId }).from(routeServers).limit(1)) as [{ locationId: number }];
  await addPendingRequest(test.db, { asn: 64_496, locationId, tunnelType: "vxlan" });
  await addPendingRequest(test.db, { asn: 64_497, locationId, tunnelType: "vxlan" });
  app = await startApp({ DATABASE_URL: test.url, METRICS_TOKEN: TOKEN, METRICS_CACHE_SECONDS: "1" });
  prometheus = await startPrometheus({ hostPort: new URL(app.url).host.replace("localhost", "127.0.0.1"), path: "/metrics", bearerToken: TOKEN });
}, 900_000);

afterAll(async () => {
  await prometheus?.stop();
  await app?.stop();
  await test?.drop();
});

/** Polls Prometheus until the query has a result (the first scrapes take a second or two). */
async function queryUntilPresent(promql: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const result = await prometheus.query(promql);
    if (result.length > 0) return result;
    if (Date.now() > deadline) throw new Error(`no ${promql} in Prometheus after 30 s:\n${prometheus.output().slice(-2000)}\n${app.output().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe("a real Prometheus scraping the portal", () => {
  it("scrapes with the bearer token and answers queries with the database's numbers", async () => {
    const [up] = await queryUntilPresent('up{job="ixp-portal"} == 1');
    expect(up!.value).toBe(1);

    const [{ n: production }] = (await test.db.select({ n: count() }).from(ips).where(and(eq(ips.state, "production"), eq(ips.family, 4)))) as [{ n: number }];
    expect(production).toBeGreaterThan(0);
    const [addresses] = await queryUntilPresent('ixp_addresses{state="production",family="4"}');
    expect(addresses!.value).toBe(production);

    const [{ n: pending }] = (await test.db.select({ n: count() }).from(requests).where(eq(requests.state, "pending"))) as [{ n: number }];
    const [funnel] = await queryUntilPresent('ixp_requests{state="pending"}');
    expect(funnel!.value).toBe(pending);
  });

  it("follows the database: a new request shows up in the next scrapes", async () => {
    const before = (await queryUntilPresent('ixp_requests{state="pending"}'))[0]!.value;
    const [{ locationId }] = (await test.db.select({ locationId: routeServers.locationId }).from(routeServers).limit(1)) as [{ locationId: number }];
    await addPendingRequest(test.db, { asn: 64_498, locationId, tunnelType: "vxlan" });
    await queryUntilPresent(`ixp_requests{state="pending"} == ${before + 1}`);
  });
});

describe("protection", () => {
  it("refuses a scrape without the token or with a wrong one (401, asking for a bearer token)", async () => {
    const missing = await fetch(`${app.url}/metrics`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await missing.text()).not.toContain("ixp_");
    const wrong = await fetch(`${app.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}-not` } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${app.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(200);
    expect(right.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it("is 404 when neither METRICS_TOKEN nor METRICS_ALLOWED is set", async () => {
    const off = await startApp({ DATABASE_URL: test.url });
    try {
      expect((await fetch(`${off.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    } finally {
      await off.stop();
    }
  });

  it("serves only the addresses in METRICS_ALLOWED, as the client-address helper decides them (403 for the rest)", async () => {
    const listed = await startApp({ DATABASE_URL: test.url, METRICS_ALLOWED: "192.0.2.0/24", TRUSTED_PROXIES: "127.0.0.1" });
    try {
      const direct = await fetch(`${listed.url}/metrics`);
      expect(direct.status).toBe(403);
      expect(await direct.text()).toContain("127.0.0.1");
      // Through a trusted proxy (127.0.0.1 is one here) the client is the address the proxy saw.
      const proxied = await fetch(`${listed.url}/metrics`, { headers: { "X-Forwarded-For": "192.0.2.9" } });
      expect(proxied.status).toBe(200);
      expect(await proxied.text()).toContain("# TYPE ixp_rs_sessions gauge");
      const outside = await fetch(`${listed.url}/metrics`, { headers: { "X-Forwarded-For": "198.51.100.9" } });
      expect(outside.status).toBe(403);
    } finally {
      await listed.stop();
    }
  });

  it("cannot be opened by a client that forges the client-address header", async () => {
    const listed = await startApp({ DATABASE_URL: test.url, METRICS_ALLOWED: "192.0.2.0/24" });
    try {
      expect((await fetch(`${listed.url}/metrics`, { headers: { "X-Ixp-Client-Address": "192.0.2.9", "X-Forwarded-For": "192.0.2.9" } })).status).toBe(403);
    } finally {
      await listed.stop();
    }
  });
});

describe("the admin Metrics page", () => {
  it("shows volunteers the values and how the endpoint is protected", async () => {
    const cookie = await sessionCookie(app, test.db, "volunteer@example.net");
    const response = await fetch(`${app.url}/admin/metrics`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("GET /metrics answers with the bearer token METRICS_TOKEN.");
    expect(html).toContain("Peering requests by state");
    expect(html).toMatch(/route server: [^<]+, state: up/);
    expect(html).not.toContain(TOKEN);
  });
});
