import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLoginLink } from "@/server/auth/login-link";
import { locations, requests } from "@/server/db/schema";
import { seedDemo } from "@/server/seed/demo";
import { ensureBuilt, startApp, TEST_AUTH_SECRET, type RunningApp } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { haproxyPort, startHaproxy, type RunningHaproxy } from "../helpers/haproxy";

/**
 * Two `next start` replicas of the built app on one database behind Debian's haproxy (round-robin):
 * a session made on one replica works on the other, both serve the same IX-F export (same ETag), and
 * the public request limit is one limit, not one per replica.
 */

const LIMIT_PER_IP = 4;
let test: TestDatabase;
let replicas: RunningApp[] = [];
let proxy: RunningHaproxy;
let exportDir: string;

beforeAll(async () => {
  ensureBuilt();
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 12, seed: 5 });
  exportDir = mkdtempSync(path.join(tmpdir(), "ixp-replicas-"));
  const port = await haproxyPort();
  const env = {
    DATABASE_URL: test.url,
    APP_URL: `http://localhost:${port}`,
    AUTH_SECRET: TEST_AUTH_SECRET,
    TRUSTED_PROXY_HOPS: "1",
    REQUEST_LIMIT_PER_IP: String(LIMIT_PER_IP),
    REQUEST_LIMIT_PER_EMAIL: "100",
    // Replicas on one host share the export file, as the store's atomic rename is made for.
    IXF_EXPORT_PATH: path.join(exportDir, "ixf.json"),
  };
  replicas = await Promise.all([startApp(env), startApp(env)]);
  proxy = await startHaproxy(
    replicas.map((replica) => new URL(replica.url).host.replace("localhost", "127.0.0.1")),
    port,
  );
}, 900_000);

afterAll(async () => {
  await proxy?.stop();
  await Promise.all(replicas.map((replica) => replica.stop()));
  await test?.drop();
  if (exportDir) rmSync(exportDir, { recursive: true, force: true });
});

const replicaOf = (response: Response) => response.headers.get("x-replica") ?? "none";

describe("two web replicas behind haproxy", () => {
  it("continues a session made on one replica on the other", async () => {
    const link = await createLoginLink(test.db, { email: "admin@example.net", appUrl: proxy.url, secret: TEST_AUTH_SECRET, callbackPath: "/admin" });
    const signIn = await fetch(link, { redirect: "manual" });
    expect(signIn.status).toBe(302);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0]!)
      .filter((c) => /session-token=./.test(c))
      .join("; ");
    expect(cookie).not.toBe("");
    const signedInOn = replicaOf(signIn);

    const served = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const page = await fetch(`${proxy.url}/admin/members`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(page.status, `replica ${replicaOf(page)}`).toBe(200);
      expect(await page.text()).toContain("admin@example.net");
      served.add(replicaOf(page));
    }
    expect([...served].sort()).toEqual(["r1", "r2"]);
    expect(served.has(signedInOn === "r1" ? "r2" : "r1")).toBe(true);

    const anonymous = await fetch(`${proxy.url}/admin/members`, { redirect: "manual" });
    expect(anonymous.status).toBeGreaterThanOrEqual(300);
    expect(anonymous.status).toBeLessThan(400);
  });

  it("serves the same IX-F export with the same ETag from both replicas, and 304 for it from either", async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${proxy.url}/ixf.json`);
      expect(response.status).toBe(200);
      answers.push({ replica: replicaOf(response), etag: response.headers.get("etag"), body: await response.text() });
    }
    expect(new Set(answers.map((a) => a.replica))).toEqual(new Set(["r1", "r2"]));
    expect(answers[0]!.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(new Set(answers.map((a) => a.etag)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect((JSON.parse(answers[0]!.body) as { member_list: unknown[] }).member_list.length).toBeGreaterThan(0);

    const revalidated = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${proxy.url}/ixf.json`, { headers: { "If-None-Match": answers[0]!.etag! } });
      expect(response.status).toBe(304);
      revalidated.add(replicaOf(response));
    }
    expect(revalidated).toEqual(new Set(["r1", "r2"]));
  });

  it("holds the per-address request limit across replicas", async () => {
    const [pop] = await test.db.select({ id: locations.id }).from(locations).where(eq(locations.code, "AMS")); // offers "local"
    const answers: { replica: string; status: number }[] = [];
    for (let n = 1; n <= LIMIT_PER_IP + 3; n++) {
      const response = await fetch(`${proxy.url}/api/requests`, {
        method: "POST",
        // A client's own X-Forwarded-For is not trusted: only the entry haproxy appends counts.
        headers: { "Content-Type": "application/json", "X-Forwarded-For": `203.0.113.${n}` },
        body: JSON.stringify({ networkName: `Replica Net ${n}`, asn: 213970, contactEmail: `replica${n}@example.net`, locationId: pop!.id, tunnelType: "local" }),
      });
      answers.push({ replica: replicaOf(response), status: response.status });
    }
    expect(answers.map((a) => a.status)).toEqual([...Array(LIMIT_PER_IP).fill(202), 429, 429, 429]);
    // Both replicas accepted some, and both refused some: the count is shared.
    expect(new Set(answers.filter((a) => a.status === 202).map((a) => a.replica))).toEqual(new Set(["r1", "r2"]));
    expect(new Set(answers.filter((a) => a.status === 429).map((a) => a.replica))).toEqual(new Set(["r1", "r2"]));
    const stored = await test.db.select({ ip: requests.submitterIp }).from(requests).where(like(requests.contactEmail, "replica%"));
    expect(stored.map((row) => row.ip)).toEqual(Array(LIMIT_PER_IP).fill("127.0.0.1"));
  });
});
