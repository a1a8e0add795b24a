import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { createDb, createPool } from "@/server/db/client";
import { emailOutbox, requests } from "@/server/db/schema";
import { CLIENT_ADDRESS_HEADER } from "@/server/http/client-address";
import { createMailTransport } from "@/server/mail/transport";
import { submitRequestFromApi } from "@/server/requests/api";
import { RequestFieldError } from "@/server/requests/errors";
import { requestQueue } from "@/server/requests/queries";
import { submitRequest, type SubmitOptions } from "@/server/requests/submit";
import { verifyRequest } from "@/server/requests/verify";
import { peeringRequestSchema, type PeeringRequestInput } from "@/shared/validation/request";
import { freePort } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { addLan, addPop } from "../helpers/ix-fixture";

let test: TestDatabase;
let fmt: number;
let closed: number;
const schema = peeringRequestSchema({ allowPrivateAsns: false });
const transport = createMailTransport(undefined);
const options = (extra: Partial<SubmitOptions> = {}): SubmitOptions => ({ ip: "203.0.113.50", transport, limits: { perIp: 100, perEmail: 100 }, ...extra });

function input(overrides: Partial<PeeringRequestInput> = {}) {
  return schema.parse({
    networkName: "Example Networks",
    asn: "213999",
    contactEmail: "noc@example.net",
    locationId: String(fmt),
    tunnelType: "vxlan",
    remoteEndpoint: "8.8.4.4",
    wantsIpv4: "on",
    ...overrides,
  });
}

async function fieldErrorsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RequestFieldError);
  return (error as RequestFieldError).fieldErrors;
}

/** The verification token, as the requester reads it from the email. */
async function tokenFromEmail(requestId: number) {
  const [mail] = await test.db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, `request:${requestId}:verify`));
  return /token=([A-Za-z0-9_-]+)/.exec(mail!.textBody)![1]!;
}

beforeAll(async () => {
  test = await createTestDatabase();
  fmt = await addPop(test.db, { code: "FMT", tunnelTypes: ["vxlan", "zerotier"] });
  closed = await addPop(test.db, { code: "OLD", tunnelTypes: ["vxlan"], active: false });
  await addLan(test.db, { ipv4Prefix: "185.1.0.0/24", ipv6Prefix: "2001:7f8:99::/64" });
});
afterAll(async () => {
  await test?.drop();
});

describe("submitting a peering request", () => {
  it("stores it unverified with its checks and emails a verification link; only the hash of the token is stored", async () => {
    const outcome = await submitRequest(test.db, input({ asSet: "AS-EXAMPLE" }), options());
    expect(outcome.kind).toBe("accepted");
    const id = outcome.kind === "accepted" ? outcome.requestId : 0;
    const [row] = await test.db.select().from(requests).where(eq(requests.id, id));
    expect(row).toMatchObject({ state: "unverified", asn: 213999, asSet: "AS-EXAMPLE", submitterIp: "203.0.113.50", remoteEndpoint: "8.8.4.4" });
    const token = await tokenFromEmail(id);
    expect(row!.verificationTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.verificationTokenHash).not.toContain(token);
    const [mail] = await test.db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, `request:${id}:verify`));
    expect(mail!.toAddress).toBe("noc@example.net");
    expect(mail!.textBody).toContain(`/requests/${row!.statusToken}`);
    const checks = row!.checks as { results: { check: string; outcome: string }[] };
    expect(checks.results.map((c) => [c.check, c.outcome])).toEqual([
      ["asn-class", "pass"],
      ["endpoint", "pass"],
      ["duplicates", "pass"],
      // PEERINGDB_URL is not set in tests: the lookup is off, so the check says it was not run.
      ["peeringdb", "not_run"],
    ]);
  });

  it("reports a POP that does not exist or is closed, a tunnel type it does not offer, and an endpoint on our LAN, next to the fields", async () => {
    expect(await fieldErrorsOf(submitRequest(test.db, input({ locationId: "99999" }), options()))).toEqual({
      locationId: [expect.stringMatching(/does not exist or is not taking new members/)],
    });
    expect((await fieldErrorsOf(submitRequest(test.db, input({ locationId: String(closed) }), options()))).locationId).toBeDefined();
    expect((await fieldErrorsOf(submitRequest(test.db, input({ tunnelType: "eoip" }), options()))).tunnelType).toEqual([
      "EoIP (MikroTik) is not offered at POP FMT; it offers: VXLAN, ZeroTier",
    ]);
    for (const endpoint of ["185.1.0.77", "2001:7f8:99::5"]) {
      expect((await fieldErrorsOf(submitRequest(test.db, input({ remoteEndpoint: endpoint }), options()))).remoteEndpoint?.[0]).toMatch(/on our own Peering LAN/);
    }
    expect(await test.db.select({ n: count() }).from(requests).where(eq(requests.contactEmail, "noc@example.net"))).toEqual([{ n: 1 }]);
  });

  it("silently drops a request whose honeypot field is filled in", async () => {
    const before = (await test.db.select({ n: count() }).from(requests))[0]!.n;
    expect(await submitRequest(test.db, input({ fax: "+1 555 0100", contactEmail: "bot@example.org" }), options())).toEqual({ kind: "dropped" });
    expect((await test.db.select({ n: count() }).from(requests))[0]!.n).toBe(before);
    expect(await test.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, "bot@example.org"))).toHaveLength(0);
  });

  it("limits submissions per address and per email within an hour", async () => {
    const limits = { perIp: 2, perEmail: 2 };
    const ip = "198.51.100.20";
    await submitRequest(test.db, input({ contactEmail: "a@limits.example" }), options({ ip, limits }));
    await submitRequest(test.db, input({ contactEmail: "b@limits.example" }), options({ ip, limits }));
    await expect(submitRequest(test.db, input({ contactEmail: "c@limits.example" }), options({ ip, limits }))).rejects.toThrow(/Too many requests from your network/);
    await submitRequest(test.db, input({ contactEmail: "a@limits.example" }), options({ ip: "198.51.100.21", limits }));
    await expect(submitRequest(test.db, input({ contactEmail: "a@limits.example" }), options({ ip: "198.51.100.22", limits }))).rejects.toThrow(
      /Too many requests for a@limits.example/,
    );
    // An hour later the window has passed.
    const later = new Date(Date.now() + 3_700_000);
    expect((await submitRequest(test.db, input({ contactEmail: "c@limits.example" }), options({ ip, limits, now: later }))).kind).toBe("accepted");
  });

  it.each([
    ["address", (i: number) => ({ ip: "198.51.100.30", email: `parallel${i}@ip.example` }), /from your network/],
    ["email", (i: number) => ({ ip: `198.51.100.${100 + i}`, email: "parallel@email.example" }), /for parallel@email.example/],
  ])("lets exactly the limit through when 50 submissions per %s arrive at once", async (_, submitter, refusal) => {
    const limits = { perIp: 5, perEmail: 3 };
    const expected = submitter(0).email === submitter(1).email ? limits.perEmail : limits.perIp;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => submitRequest(test.db, input({ contactEmail: submitter(i).email }), options({ ip: submitter(i).ip, limits }))),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(expected);
    const reasons = outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
    expect(reasons).toHaveLength(50 - expected);
    for (const reason of reasons) expect(reason).toMatch(refusal);
    const stored = await test.db.select({ n: count() }).from(requests).where(submitter(0).email === submitter(1).email ? eq(requests.contactEmail, submitter(0).email) : eq(requests.submitterIp, submitter(0).ip));
    expect(stored[0]!.n).toBe(expected);
  });

  it("counts an IPv6 submitter per /64", async () => {
    const limits = { perIp: 2, perEmail: 100 };
    await submitRequest(test.db, input({ contactEmail: "v6a@limits.example" }), options({ ip: "2001:db8:5:6::1", limits }));
    await submitRequest(test.db, input({ contactEmail: "v6b@limits.example" }), options({ ip: "2001:db8:5:6:ffff::2", limits }));
    await expect(submitRequest(test.db, input({ contactEmail: "v6c@limits.example" }), options({ ip: "2001:db8:5:6::3", limits }))).rejects.toThrow(/from your network/);
    expect((await submitRequest(test.db, input({ contactEmail: "v6c@limits.example" }), options({ ip: "2001:db8:5:7::1", limits }))).kind).toBe("accepted");
  });

  it("verifies with a single-use token and refuses reuse, expiry and garbage", async () => {
    const outcome = await submitRequest(test.db, input({ asn: "213998", contactEmail: "verify@example.net" }), options());
    const id = outcome.kind === "accepted" ? outcome.requestId : 0;
    const token = await tokenFromEmail(id);
    const [row] = await test.db.select({ statusToken: requests.statusToken }).from(requests).where(eq(requests.id, id));
    expect(await verifyRequest(test.db, token)).toEqual({ statusToken: row!.statusToken });
    const [after] = await test.db.select().from(requests).where(eq(requests.id, id));
    expect(after).toMatchObject({ state: "pending", verificationTokenHash: null });
    await expect(verifyRequest(test.db, token)).rejects.toThrow(/not valid or was already used/);
    await expect(verifyRequest(test.db, "short")).rejects.toThrow(/incomplete/);

    const stale = await submitRequest(test.db, input({ asn: "213997", contactEmail: "stale@example.net" }), options());
    const staleId = stale.kind === "accepted" ? stale.requestId : 0;
    const staleToken = await tokenFromEmail(staleId);
    await expect(verifyRequest(test.db, staleToken, new Date(Date.now() + 49 * 3_600_000))).rejects.toThrow(/has expired/);
    const [stillUnverified] = await test.db.select({ state: requests.state }).from(requests).where(eq(requests.id, staleId));
    expect(stillUnverified!.state).toBe("unverified");
  });

  it("groups duplicate requests for one ASN in the queue, verified first, with matches by email, website and name", async () => {
    const first = await submitRequest(test.db, input({ asn: "213990", networkName: "Dup Net", contactEmail: "one@dup.example", website: "https://dup.example" }), options());
    const second = await submitRequest(test.db, input({ asn: "213990", networkName: "Dup Net", contactEmail: "two@dup.example" }), options());
    const other = await submitRequest(test.db, input({ asn: "213991", networkName: "Other", contactEmail: "x@other.example", website: "http://www.DUP.example/peering" }), options());
    expect([first.kind, second.kind, other.kind]).toEqual(["accepted", "accepted", "accepted"]);
    const secondId = second.kind === "accepted" ? second.requestId : 0;
    await verifyRequest(test.db, await tokenFromEmail(secondId));

    const [secondRow] = await test.db.select({ checks: requests.checks }).from(requests).where(eq(requests.id, secondId));
    const duplicates = (secondRow!.checks as { results: { check: string; outcome: string; detail: string }[] }).results.find((c) => c.check === "duplicates");
    expect(duplicates).toMatchObject({ outcome: "warn" });
    expect(duplicates!.detail).toMatch(/same asn, name/);

    const queue = await requestQueue(test.db);
    const states = queue.flatMap((g) => g.requests.map((r) => r.state));
    expect(states.indexOf("unverified")).toBeGreaterThan(states.lastIndexOf("pending"));
    const group = queue.find((g) => g.asn === 213990)!;
    expect(group.requests.map((r) => r.contactEmail).sort()).toEqual(["one@dup.example", "two@dup.example"]);
    expect(queue[0]!.requests[0]!.state).toBe("pending");
    const otherGroup = queue.find((g) => g.asn === 213991)!;
    expect(otherGroup.matches.some((m) => m.kind === "request" && m.by.includes("website"))).toBe(true);
  });
});

describe("POST /api/requests", () => {
  /** As the built server passes it on: the client address is the header labelClientAddresses set. */
  const post = (body: unknown, ip = "192.0.2.200", headers: Record<string, string> = { "content-type": "application/json" }, using = test.db) =>
    submitRequestFromApi(
      using,
      new Request("http://portal.test/api/requests", {
        method: "POST",
        headers: { ...headers, [CLIENT_ADDRESS_HEADER]: ip, "x-forwarded-for": "10.9.9.9" },
        // Bytes, so fetch adds no Content-Type of its own.
        body: new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body)),
      }),
    );
  const body = (overrides: Record<string, unknown> = {}) => ({
    networkName: "API Net",
    asn: 213980,
    contactEmail: "api@example.net",
    locationId: fmt,
    tunnelType: "zerotier",
    remoteEndpoint: "89e92ceee5",
    wantsIpv4: false,
    ...overrides,
  });
  async function problemOf(response: Response) {
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    return (await response.json()) as { status: number; title: string; detail: string; errors?: Record<string, string[]> };
  }

  it("accepts the same request as the form, as JSON, and stores it with the client address the server decided", async () => {
    const response = await post(body());
    expect(response.status).toBe(202);
    const [row] = await test.db.select().from(requests).where(eq(requests.contactEmail, "api@example.net"));
    expect(row).toMatchObject({ asn: 213980, tunnelType: "zerotier", remoteEndpoint: "89e92ceee5", wantsIpv4: false, submitterIp: "192.0.2.200" });
  });

  it("answers bad input with RFC 7807 problems carrying field errors", async () => {
    const invalid = await post(body({ asn: 64496, remoteEndpoint: "xyz" }));
    expect(invalid.status).toBe(422);
    const problem = await problemOf(invalid);
    expect(problem.errors!.asn?.[0]).toMatch(/documentation/);
    expect(problem.errors!.remoteEndpoint?.[0]).toMatch(/ZeroTier node id/);
    const notOffered = await problemOf(await post(body({ tunnelType: "local" })));
    expect(notOffered.errors!.tunnelType?.[0]).toMatch(/not offered/);
  });

  it.each([
    ["[]", 400, "the body must be a JSON object with the request's fields, not an array"],
    ["null", 400, "the body must be a JSON object with the request's fields, not null"],
    ['"a string"', 400, "the body must be a JSON object with the request's fields, not a string"],
    ["42", 400, "the body must be a JSON object with the request's fields, not a number"],
    ["", 400, "the body is empty; send a JSON object with the request's fields"],
    ["{not json", 400, "the body is not valid JSON"],
  ])("refuses the body %j with a problem that says what is wrong", async (text, status, detail) => {
    const response = await post(text);
    expect(response.status).toBe(status);
    expect((await problemOf(response)).detail).toContain(detail);
  });

  it.each([
    [{ "content-type": "text/plain" }, "send the body as JSON with Content-Type: application/json (got text/plain)"],
    [{ "content-type": "application/x-www-form-urlencoded" }, "(got application/x-www-form-urlencoded)"],
    [{}, "(no Content-Type was sent)"],
  ])("refuses Content-Type %j with 415", async (headers, detail) => {
    const response = await post(body({ contactEmail: "type@example.net" }), "192.0.2.210", headers);
    expect(response.status).toBe(415);
    expect((await problemOf(response)).detail).toContain(detail);
    expect(await test.db.select().from(requests).where(eq(requests.contactEmail, "type@example.net"))).toHaveLength(0);
  });

  it("accepts application/json with a charset", async () => {
    expect((await post(body({ contactEmail: "charset@example.net" }), "192.0.2.211", { "content-type": "application/json; charset=utf-8" })).status).toBe(202);
  });

  it("refuses a name made only of invisible characters", async () => {
    const response = await post(body({ networkName: "\u200b\u200f", contactEmail: "invisible@example.net" }), "192.0.2.212");
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors!.networkName).toEqual(["is required"]);
  });

  it("answers 413 to a body over 64 KiB, from Content-Length before reading and from a stream once it passes the limit", async () => {
    const declared = new Request("http://portal.test/api/requests", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(200 * 1024 * 1024) },
      body: "{}",
    });
    const refused = await submitRequestFromApi(test.db, declared);
    expect(refused.status).toBe(413);
    expect((await problemOf(refused)).detail).toBe("the body is larger than 64 KiB; a request needs far less");

    // 200 MB offered in 16 KiB chunks without a length: the handler stops pulling right after 64 KiB.
    let pulled = 0;
    const chunk = new Uint8Array(16 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        if (pulled > 200 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const streamed = new Request("http://portal.test/api/requests", { method: "POST", headers: { "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit);
    expect((await submitRequestFromApi(test.db, streamed)).status).toBe(413);
    expect(pulled).toBeLessThan(256 * 1024);
  });

  it("says 429 with Retry-After when the limit per address is reached", async () => {
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) last = await post(body({ contactEmail: `burst${i}@example.net` }), "192.0.2.201");
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(last!.headers.get("retry-after"))).toBeLessThanOrEqual(3600);
    expect((await problemOf(last!)).detail).toMatch(/Too many requests from your network this hour. Please try again after \d\d:00 UTC/);
  });

  it("answers 503 with Retry-After when the database cannot be reached, and stores nothing", async () => {
    const closedPort = await freePort();
    const pool = createPool(`mysql://root@127.0.0.1:${closedPort}/ixp`, 2);
    try {
      const response = await post(body({ contactEmail: "down@example.net" }), "192.0.2.220", undefined, createDb(pool));
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("30");
      expect(await problemOf(response)).toMatchObject({ status: 503, title: "Service unavailable", detail: expect.stringMatching(/cannot reach its database right now, so nothing was changed/) });
      expect(await test.db.select().from(requests).where(eq(requests.contactEmail, "down@example.net"))).toHaveLength(0);
    } finally {
      await pool.end();
    }
  });
});
