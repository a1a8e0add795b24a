import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clients } from "@/server/db/schema";
import { listPublicPeers } from "@/server/directory/peers";
import { seedDemo } from "@/server/seed/demo";
import { sessionCookie, startApp, type RunningApp } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/**
 * /peers from the web process's page cache (src/server/http/page-cache.ts) on the built app: the same page
 * as Next.js renders, a write seen by the very next request, gzip as Next sends it, and only anonymous plain
 * visits answered from it.
 */

let test: TestDatabase;
let app: RunningApp;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request(`${app.url}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

const nonceOf = (answer: Answer) => /'nonce-([^']+)'/.exec(String(answer.headers["content-security-policy"]))![1]!;
/** The page with its nonce taken out, to compare two answers. */
const withoutNonce = (answer: Answer, body = answer.body) => body.toString("utf8").replaceAll(nonceOf(answer), "NONCE");
const cacheStatus = (answer: Answer) => answer.headers["x-ixp-page-cache"];

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 40, seed: 17 });
  app = await startApp({ DATABASE_URL: test.url });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await test?.drop();
});

describe("the page cache for /peers", () => {
  it("answers repeat visits with the page Next.js rendered, and each URL apart", async () => {
    const first = await get("/peers", { "accept-encoding": "identity" });
    const second = await get("/peers", { "accept-encoding": "identity" });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([cacheStatus(first), cacheStatus(second)]).toEqual(["miss", "hit"]);
    expect(withoutNonce(second)).toBe(withoutNonce(first));
    expect(second.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(Number(second.headers["content-length"])).toBe(second.body.length);
    // Rendered by Next.js itself (its client router's markers are there) and the same as a render that skips the cache.
    const rendered = await get("/peers", { "accept-encoding": "identity", "x-ixp-page-cache-fill": "1" });
    expect(cacheStatus(rendered)).toBeUndefined();
    expect(withoutNonce(rendered)).toBe(withoutNonce(first));

    const byAsn = await get("/peers?sort=asn&page=2", { "accept-encoding": "identity" });
    expect(cacheStatus(byAsn)).toBe("miss");
    expect(withoutNonce(byAsn)).not.toBe(withoutNonce(first));
    expect(cacheStatus(await get("/peers?sort=asn&page=2"))).toBe("hit");
  });

  it("shows a change to the directory on the very next request", async () => {
    const [peer] = await listPublicPeers(test.db);
    await get("/peers?q=" + encodeURIComponent(peer!.name));
    const cached = await get("/peers?q=" + encodeURIComponent(peer!.name), { "accept-encoding": "identity" });
    expect(cacheStatus(cached)).toBe("hit");
    const renamed = `${peer!.name} Renamed`;
    await test.db.update(clients).set({ name: renamed }).where(eq(clients.name, peer!.name));
    const after = await get("/peers?q=" + encodeURIComponent(peer!.name), { "accept-encoding": "identity" });
    expect(cacheStatus(after)).toBe("miss");
    expect(after.body.toString("utf8")).toContain(renamed);
    expect(cached.body.toString("utf8")).not.toContain(renamed);
  });

  it("sends gzip when the client takes it, the same page inside", async () => {
    const plain = await get("/peers", { "accept-encoding": "identity" });
    const zipped = await get("/peers", { "accept-encoding": "br;q=1, gzip;q=0.8" });
    expect(cacheStatus(zipped)).toBe("hit");
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
    expect(withoutNonce(zipped, gunzipSync(zipped.body))).toBe(withoutNonce(plain));
    const refused = await get("/peers", { "accept-encoding": "gzip;q=0, identity" });
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(withoutNonce(refused)).toBe(withoutNonce(plain));
  });

  it("is not asked for signed-in visitors, Next's own navigation requests, or other pages", async () => {
    await get("/peers");
    const cookie = await sessionCookie(app, test.db, "admin@example.net");
    const signedIn = await get("/peers", { cookie });
    expect(signedIn.status).toBe(200);
    expect(cacheStatus(signedIn)).toBeUndefined();
    // Next's client navigation (RSC header, _rsc parameter) gets Next's own answer, never the stored HTML.
    for (const navigation of [await get("/peers?_rsc=abc12", { rsc: "1" }), await get("/peers", { rsc: "1" }), await get("/peers?_rsc=abc12")]) {
      expect(cacheStatus(navigation)).toBeUndefined();
    }
    expect(cacheStatus(await get("/locations"))).toBeUndefined();
    const head = await new Promise<number>((resolve, reject) =>
      request(`${app.url}/peers`, { method: "HEAD" }, (response) => {
        resolve(response.headers["x-ixp-page-cache"] === undefined ? response.statusCode ?? 0 : -1);
        response.resume();
      })
        .on("error", reject)
        .end(),
    );
    expect(head).toBe(200);
  });
});
