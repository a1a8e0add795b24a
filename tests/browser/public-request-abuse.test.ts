import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray, like } from "drizzle-orm";
import { requests } from "@/server/db/schema";
import { ensureBuilt, freePort, startApp, type RunningApp } from "../helpers/app";
import { launchBrowser, newContext } from "../helpers/browser";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { addLan, addPop } from "../helpers/ix-fixture";
import { fillRequestForm, submitRequestForm } from "./journeys/onboarding";

/**
 * The public request endpoints of the BUILT app (`next start`) under abuse, over real HTTP: spoofed
 * X-Forwarded-For, oversize and streamed bodies, server-action posts over Next's limit, invisible
 * names, and a database that is down.
 */

let test: TestDatabase;
let app: RunningApp;
let pop = 0;
const LIMIT_PER_IP = 5;

beforeAll(async () => {
  ensureBuilt();
  test = await createTestDatabase();
  pop = await addPop(test.db, { code: "ABU", tunnelTypes: ["local"] });
  await addLan(test.db, { ipv4Prefix: "185.1.0.0/24", ipv6Prefix: "2001:7f8:99::/64" });
  app = await startApp({ DATABASE_URL: test.url, REQUEST_LIMIT_PER_IP: String(LIMIT_PER_IP), REQUEST_LIMIT_PER_EMAIL: "100" });
}, 900_000);

afterAll(async () => {
  await app?.stop();
  await test?.drop();
});

const request = (email: string, overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ networkName: "Abuse Test Net", asn: 213970, contactEmail: email, locationId: pop, tunnelType: "local", ...overrides });

function postJson(target: RunningApp, body: string, headers: Record<string, string> = {}) {
  return fetch(`${target.url}/api/requests`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body });
}

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Body bytes the client had written when the answer arrived. */
  written: number;
}

/**
 * A POST whose body is written in chunks until the server answers (or `total` bytes are out), as a
 * client uploading a huge body would. Content-Length is sent only if given.
 */
/**
 * Posts `total` bytes in chunks as fast as the socket takes them, or only the first `stopAfter` bytes (then
 * waits: a server that answers has not waited for the rest of the body).
 */
function streamingPost(url: string, headers: Record<string, string>, total: number, options: { chunkSize?: number; stopAfter?: number } = {}): Promise<RawAnswer> {
  const chunkSize = options.chunkSize ?? 64 * 1024;
  const stopAfter = options.stopAfter ?? total;
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered: number | null = null;
    const req = httpRequest(url, { method: "POST", headers });
    req.on("response", (response) => {
      answered = written;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        req.destroy();
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body, written: answered ?? written });
      });
    });
    req.on("error", (error) => (answered === null ? reject(error) : undefined));
    const chunk = Buffer.alloc(chunkSize, 0x20);
    const pump = () => {
      while (answered === null && written < Math.min(total, stopAfter)) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (answered === null && written >= total) req.end();
    };
    pump();
  });
}

function residentKiB(port: number): number {
  const listing = execFileSync("ss", ["-Hltnp", `sport = :${port}`], { encoding: "utf8" });
  const pid = /pid=(\d+)/.exec(listing)?.[1];
  if (!pid) throw new Error(`no process listens on port ${port}: ${listing}`);
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
}

describe("the per-address limit", () => {
  it("counts every request from one socket against one address, whatever X-Forwarded-For says, and never stores the spoofed value", async () => {
    const statuses: number[] = [];
    for (let n = 1; n <= 20; n++) {
      const spoofed: Record<string, string> =
        n % 2 ? { "X-Forwarded-For": `203.0.113.${n}` } : { "X-Forwarded-For": `1.1.1.1, 198.51.100.${n}`, "X-IXP-Client-Address": `198.51.100.${n}` };
      statuses.push((await postJson(app, request(`spoof${n}@example.net`), spoofed)).status);
    }
    expect(statuses.filter((status) => status === 202)).toHaveLength(LIMIT_PER_IP);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20 - LIMIT_PER_IP);
    const stored = await test.db.select({ ip: requests.submitterIp }).from(requests).where(like(requests.contactEmail, "spoof%"));
    expect(stored.map((row) => row.ip)).toEqual(Array(LIMIT_PER_IP).fill("127.0.0.1"));
  });

  it("counts the /connect form the same way: a spoofed X-Forwarded-For does not open a fresh bucket", async () => {
    // The API test above has used up this socket's address for the hour.
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser);
      await context.setExtraHTTPHeaders({ "X-Forwarded-For": "203.0.113.99", "X-IXP-Client-Address": "203.0.113.99" });
      const page = await context.newPage();
      await page.goto(`${app.url}/connect`);
      await fillRequestForm(page, { networkName: "Form Spoof Net", asn: "213971", contactEmail: "form-spoof@example.net", pop: "POP ABU", tunnelType: "Local ethernet" });
      await submitRequestForm(page);
      await page.getByText(/Too many requests from your network this hour\. Please try again after \d\d:00 UTC\./).waitFor({ timeout: 20_000 });
      expect(await test.db.select().from(requests).where(eq(requests.contactEmail, "form-spoof@example.net"))).toHaveLength(0);
    } finally {
      await browser.close();
    }
  });

  it("with TRUSTED_PROXY_HOPS=1, uses the address the proxy appended", async () => {
    const behindProxy = await startApp({ DATABASE_URL: test.url, REQUEST_LIMIT_PER_IP: String(LIMIT_PER_IP), REQUEST_LIMIT_PER_EMAIL: "100", TRUSTED_PROXY_HOPS: "1" });
    try {
      // nginx's $proxy_add_x_forwarded_for: whatever the client sent, then the address nginx saw.
      const statuses: number[] = [];
      for (let n = 1; n <= LIMIT_PER_IP + 1; n++) {
        statuses.push((await postJson(behindProxy, request(`proxied${n}@example.net`), { "X-Forwarded-For": `203.0.113.${n}, 198.51.100.77` })).status);
      }
      expect(statuses).toEqual([...Array(LIMIT_PER_IP).fill(202), 429]);
      expect((await postJson(behindProxy, request("other@example.net"), { "X-Forwarded-For": "198.51.100.78" })).status).toBe(202);
      const stored = await test.db.select({ ip: requests.submitterIp }).from(requests).where(inArray(requests.contactEmail, ["proxied1@example.net", "other@example.net"]));
      expect(stored.map((row) => row.ip).sort()).toEqual(["198.51.100.77", "198.51.100.78"]);
    } finally {
      await behindProxy.stop();
    }
  });
});

describe("request bodies", () => {
  it("refuses a JSON body over 64 KiB with 413 from its Content-Length, before it is sent", async () => {
    // Only the first 64 KiB of the declared 200 MB are sent: the answer must come from the Content-Length alone.
    const answer = await streamingPost(`${app.url}/api/requests`, { "Content-Type": "application/json", "Content-Length": String(200 * 1024 * 1024) }, 200 * 1024 * 1024, {
      stopAfter: 64 * 1024,
    });
    expect(answer.status).toBe(413);
    expect(answer.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(answer.body)).toMatchObject({ status: 413, detail: "the body is larger than 64 KiB; a request needs far less" });
    expect(answer.written).toBe(64 * 1024);
  });

  it("refuses a streamed (chunked) body once it passes 64 KiB, and the server does not grow while parallel uploads go on", async () => {
    const port = Number(new URL(app.url).port);
    const before = residentKiB(port);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => streamingPost(`${app.url}/api/requests`, { "Content-Type": "application/json", "Transfer-Encoding": "chunked" }, 64 * 1024 * 1024)),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(413);
      expect(answer.written).toBeLessThan(16 * 1024 * 1024);
    }
    expect(residentKiB(port) - before).toBeLessThan(64 * 1024);
  });

  it("answers server-action posts over Next's 1 MB limit with 413 and a sentence, not 500, without the server growing", async () => {
    // The /connect form's action, as the browser names it.
    const manifest = JSON.parse(readFileSync(new URL("../../.next/server/server-reference-manifest.json", import.meta.url), "utf8")) as {
      node: Record<string, { exportedName: string }>;
    };
    const actionId = Object.entries(manifest.node).find(([, action]) => action.exportedName === "submitRequestAction")![0];
    const actionPost = (size: number) =>
      streamingPost(
        `${app.url}/connect`,
        { "Next-Action": actionId, "Content-Type": "multipart/form-data; boundary=----x", "Content-Length": String(size), Accept: "text/x-component" },
        size,
      );
    const port = Number(new URL(app.url).port);
    const before = residentKiB(port);
    const answers = await Promise.all(Array.from({ length: 4 }, () => actionPost(64 * 1024 * 1024)));
    for (const answer of answers) {
      expect(answer.status).toBe(413);
      expect(answer.body).toBe("The form is too large to send: at most 1 MB is accepted. Shorten what you entered and try again.");
    }
    expect(residentKiB(port) - before).toBeLessThan(48 * 1024);
  });

  it.each([
    ["[]", "not an array"],
    ["null", "not null"],
    ['"text"', "not a string"],
  ])("refuses the JSON body %s with a problem saying so", async (body, detail) => {
    const response = await postJson(app, body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toContain(detail);
  });

  it("refuses a wrong Content-Type with 415", async () => {
    const response = await fetch(`${app.url}/api/requests`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: request("plain@example.net") });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { detail: string }).detail).toContain("Content-Type: application/json (got text/plain)");
  });

  it("refuses a network name made only of invisible characters", async () => {
    const response = await postJson(app, request("invisible@example.net", { networkName: "\u200b\u200f" }), { "X-Forwarded-For": "192.0.2.1" });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: Record<string, string[]> }).errors.networkName).toEqual(["is required"]);
    expect(await test.db.select().from(requests).where(eq(requests.contactEmail, "invisible@example.net"))).toHaveLength(0);
  });
});

describe("with the database down", () => {
  it("answers 503 with Retry-After and a problem a person can read", async () => {
    const down = await startApp({ DATABASE_URL: `mysql://root@127.0.0.1:${await freePort()}/ixp` });
    try {
      const response = await postJson(down, request("down@example.net"));
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("30");
      expect(await response.json()).toMatchObject({ status: 503, title: "Service unavailable", detail: expect.stringMatching(/cannot reach its database right now, so nothing was changed/) });
    } finally {
      await down.stop();
    }
  });
});
