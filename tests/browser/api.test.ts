import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq, like } from "drizzle-orm";
import { createApiToken, scopesOfRole } from "@/server/api/tokens";
import { hashToken } from "@/server/requests/tokens";
import { apiTokens, asns, clients, locations, users } from "@/server/db/schema";
import { seedDemo } from "@/server/seed/demo";
import { ensureBuilt, sessionCookie, startApp, type RunningApp } from "../helpers/app";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/** The token API against the built app: bearer tokens, roles, validation, RFC 7807 problem JSON. */

let test: TestDatabase;
let app: RunningApp;
let volunteerToken = "";
let memberToken = "";
let memberAsn = 0;
let otherAsn = 0;
let memberClientName = "";

beforeAll(async () => {
  ensureBuilt();
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 3, seed: 8 });
  app = await startApp({ DATABASE_URL: test.url });
  const [member] = await test.db.select({ email: users.email, clientId: users.clientId }).from(users).where(eq(users.role, "member"));
  const all = await test.db.select({ asn: asns.asn, clientId: asns.clientId, name: clients.name }).from(asns).innerJoin(clients, eq(clients.id, asns.clientId)).orderBy(asc(asns.asn));
  memberAsn = all.find((a) => a.clientId === member!.clientId)!.asn;
  memberClientName = all.find((a) => a.clientId === member!.clientId)!.name;
  otherAsn = all.find((a) => a.clientId !== member!.clientId)!.asn;
  volunteerToken = (await createApiToken(test.db, "test", { name: "automation", userEmail: "volunteer@example.net", scopes: scopesOfRole("volunteer"), expiresInDays: null })).token;
  memberToken = (await createApiToken(test.db, "test", { name: "member script", userEmail: member!.email, scopes: scopesOfRole("member"), expiresInDays: 30 })).token;
}, 900_000);

afterAll(async () => {
  await app?.stop();
  await test?.drop();
});

function api(path: string, token: string | null, init: RequestInit = {}) {
  const headers: Record<string, string> = { "Content-Type": "application/json", ...(init.headers as Record<string, string>) };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  return fetch(`${app.url}${path}`, { ...init, headers });
}

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as { type: string; title: string; status: number; detail?: string; errors?: { path: string; message: string }[] };
}

const validPop = { code: "API1", name: "API POP", city: "Berlin", country: "DE", endpointIpv4: "203.0.113.50", tunnelTypes: { vxlan: { udpPort: 4789 }, eoip: {} } };

describe("token authentication", () => {
  it("stores only the SHA-256 of a token and records its use", async () => {
    const rows = await test.db.select({ tokenHash: apiTokens.tokenHash, lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(volunteerToken)));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(await test.db.select().from(apiTokens))).not.toContain(volunteerToken.slice(4));
    expect((await api("/api/v1/members", volunteerToken)).status).toBe(200);
    const [used] = await test.db.select({ lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(volunteerToken)));
    expect(used!.lastUsedAt).toBeInstanceOf(Date);
  });

  it.each([
    ["an unknown token", "Bearer ixp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a malformed token", "Bearer not-a-token"],
    ["another scheme", "Basic dXNlcjpwYXNz"],
  ])("refuses %s with 401 problem JSON and a Bearer challenge", async (_, header) => {
    const response = await fetch(`${app.url}/api/v1/members`, { headers: { Authorization: header } });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="ixp"');
    expect(await problemOf(response)).toEqual({ type: "about:blank", title: "Unauthorized", status: 401, detail: "the bearer token is invalid or expired" });
  });

  it("never falls back to the session cookie when a bad token is sent", async () => {
    const cookie = await sessionCookie(app, test.db, "admin@example.net");
    expect((await fetch(`${app.url}/api/v1/members`, { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await fetch(`${app.url}/api/v1/members`, { headers: { Cookie: cookie, Authorization: "Bearer ixp_bad" } })).status).toBe(401);
  });

  it("takes changes with a session cookie only from this site's pages, as JSON; bearer tokens work from anywhere", async () => {
    const cookie = await sessionCookie(app, test.db, "volunteer@example.net");
    const pop = (code: string) => JSON.stringify({ ...validPop, code, name: `Cookie POP ${code}` });
    const post = (code: string, headers: Record<string, string>) => fetch(`${app.url}/api/v1/locations`, { method: "POST", body: pop(code), headers: { Cookie: cookie, ...headers } });
    const foreign = await post("CSRF1", { Origin: "https://attacker.example", "Content-Type": "text/plain" });
    expect(foreign.status).toBe(403);
    expect((await problemOf(foreign)).detail).toMatch(/this site's pages; scripts send a bearer token/);
    expect((await post("CSRF2", { Origin: "https://attacker.example", "Content-Type": "application/json" })).status).toBe(403);
    expect((await post("CSRF3", { "Content-Type": "application/json" })).status).toBe(403);
    const plain = await post("CSRF4", { Origin: app.env.APP_URL!, "Content-Type": "text/plain" });
    expect(plain.status).toBe(415);
    expect((await problemOf(plain)).detail).toBe("send the body as application/json");
    expect((await test.db.select().from(locations).where(like(locations.code, "CSRF%"))).length).toBe(0);

    expect((await post("SAME1", { Origin: app.env.APP_URL!, "Content-Type": "application/json" })).status).toBe(201);
    const scripted = await api("/api/v1/locations", volunteerToken, { method: "POST", body: pop("BEAR1"), headers: { Origin: "https://elsewhere.example" } });
    expect(scripted.status).toBe(201);
  });

  it("refuses an expired token", async () => {
    const { token, id } = await createApiToken(test.db, "test", { name: "short", userEmail: "admin@example.net", scopes: ["members:read"], expiresInDays: 1 });
    expect((await api("/api/v1/members", token)).status).toBe(200);
    await test.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, id));
    expect((await api("/api/v1/members", token)).status).toBe(401);
  });

  it("`ixp token create` prints a working token once; list never shows it; revoke ends it", async () => {
    const env = { DATABASE_URL: test.url };
    const created = runCli(["token", "create", "ci", "--user", "Volunteer@Example.net", "--scopes", "network:read"], env);
    expect(created.status).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^ixp_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/^token #(\d+) for volunteer@example\.net \(network:read\); it is shown only now:\n$/);
    expect((await api("/api/v1/lans", token)).status).toBe(200);
    const listed = runCli(["token", "list"], env);
    expect(listed.stdout).toMatch(/ci {2}volunteer@example\.net \(volunteer\) {2}scopes network:read {2}last used 20/);
    expect(listed.stdout).not.toContain(token.slice(4));
    const id = /#(\d+)/.exec(created.stderr)![1]!;
    expect(runCli(["token", "revoke", id], env).stdout).toBe(`revoked token #${id}\n`);
    expect((await api("/api/v1/lans", token)).status).toBe(401);
    const unknownUser = runCli(["token", "create", "x", "--user", "nobody@example.net", "--scopes", "members:read"], env);
    expect(unknownUser.status).toBe(1);
    expect(unknownUser.stderr).toBe("ixp: no user has the email nobody@example.net\n");
  });
});

describe("members", () => {
  it("lists and searches members for volunteers", async () => {
    const all = (await (await api("/api/v1/members", volunteerToken)).json()) as { total: number; members: { name: string; asns: number[] }[] };
    expect(all.total).toBe(3);
    const found = (await (await api(`/api/v1/members?q=AS${otherAsn}`, volunteerToken)).json()) as typeof all;
    expect(found.members.map((m) => m.asns)).toEqual([expect.arrayContaining([otherAsn])]);
    const bad = await api("/api/v1/members?page=0", volunteerToken);
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).errors).toEqual([{ path: "page", message: "must be at least 1" }]);
  });

  it("forbids the member list to members", async () => {
    const response = await api("/api/v1/members", memberToken);
    expect(response.status).toBe(403);
    expect(await problemOf(response)).toMatchObject({ title: "Forbidden", detail: "this needs the volunteer role" });
  });

  it("shows one member by ASN: any to volunteers, only their own to members", async () => {
    const byVolunteer = await api(`/api/v1/members/AS${otherAsn}`, volunteerToken);
    expect(byVolunteer.status).toBe(200);
    expect(((await byVolunteer.json()) as { asns: { asn: number }[] }).asns.map((a) => a.asn)).toContain(otherAsn);

    const own = await api(`/api/v1/members/${memberAsn}`, memberToken);
    expect(((await own.json()) as { client: { name: string } }).client.name).toBe(memberClientName);
    const others = await api(`/api/v1/members/${otherAsn}`, memberToken);
    expect(others.status).toBe(404);
    expect(await problemOf(others)).toMatchObject({ detail: `no member with AS${otherAsn} is visible to you` });

    const me = (await (await api("/api/v1/me", memberToken)).json()) as { client: { name: string } };
    expect(me.client.name).toBe(memberClientName);
    expect((await problemOf(await api("/api/v1/members/banana", volunteerToken))).errors?.[0]?.message).toMatch(/AS number/);
  });
});

describe("locations", () => {
  it("lists POPs with their tunnel types, hiding management hosts from members", async () => {
    const forVolunteer = (await (await api("/api/v1/locations", volunteerToken)).json()) as { locations: { code: string; managementHost?: string; tunnelTypes: { type: string }[] }[] };
    const fmt = forVolunteer.locations.find((l) => l.code === "FMT")!;
    expect(fmt.tunnelTypes.map((t) => t.type)).toContain("vxlan");
    expect(fmt.managementHost).toMatch(/example\.net/);
    const forMember = (await (await api("/api/v1/locations", memberToken)).json()) as typeof forVolunteer;
    expect(forMember.locations.find((l) => l.code === "FMT")!.managementHost).toBeUndefined();
  });

  it("creates a POP from JSON with the form's schema: 400 on bad input, 201, then 409 on a taken code", async () => {
    const notJson = await api("/api/v1/locations", volunteerToken, { method: "POST", body: "{oops" });
    expect(notJson.status).toBe(400);
    expect((await problemOf(notJson)).detail).toMatch(/^the body is not valid JSON: /);
    const huge = await api("/api/v1/locations", volunteerToken, { method: "POST", body: JSON.stringify({ ...validPop, notes: "x".repeat(100_000) }) });
    expect(huge.status).toBe(413);
    const array = await api("/api/v1/locations", volunteerToken, { method: "POST", body: "[]" });
    expect([array.status, (await problemOf(array)).detail]).toEqual([400, expect.stringMatching(/an array/)]);

    const invalid = await api("/api/v1/locations", volunteerToken, { method: "POST", body: JSON.stringify({ ...validPop, code: "x", tunnelTypes: { vxlan: { udpPort: 0 } } }) });
    expect(invalid.status).toBe(400);
    expect((await problemOf(invalid)).errors).toEqual([
      { path: "code", message: "must be 2 to 16 letters or digits, e.g. FMT" },
      { path: "tunnelTypes.vxlan.udpPort", message: "VXLAN UDP port: must be at least 1" },
    ]);

    expect((await api("/api/v1/locations", memberToken, { method: "POST", body: JSON.stringify(validPop) })).status).toBe(403);
    const created = await api("/api/v1/locations", volunteerToken, { method: "POST", body: JSON.stringify(validPop) });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ code: "API1", tunnelTypes: [{ type: "vxlan", params: { udpPort: 4789 } }, { type: "eoip", params: {} }] });

    const again = await api("/api/v1/locations", volunteerToken, { method: "POST", body: JSON.stringify(validPop) });
    expect(again.status).toBe(409);
    expect((await problemOf(again)).detail).toBe("a POP with the code API1 already exists");
  });
});
