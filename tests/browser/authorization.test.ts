import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { createApiToken, scopesOfRole } from "@/server/api/tokens";
import { API_SCOPE_NAMES, type ApiScope } from "@/shared/api-scopes";
import { asns, clients, connections, users } from "@/server/db/schema";
import { seedDemo } from "@/server/seed/demo";
import { ensureBuilt, sessionCookie, startApp, type RunningApp } from "../helpers/app";
import {
  builtServerActions,
  discoverApiRoutes,
  discoverPages,
  discoverServerActions,
  fillPattern,
  groupOfBuildEntry,
  pageUrlOfBuildEntry,
  ROOT,
} from "../helpers/app-routes";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/**
 * Authorisation of every admin and member page, API route and server action, found on disk and in the
 * build (not listed here), against the built app:
 * - pages: anonymous -> 307 to /login; members -> 403 on admin pages; volunteers -> 403 on admin-only pages;
 *   a member never sees another member's client or connection.
 * - API routes: anonymous -> 401 problem JSON; a member's token -> 403 except the routes in MEMBER_API, which
 *   only ever return the member's own data; routes x scopes: an admin's token with any one scope is refused
 *   (403 naming the missing scope) by every route except those declaring that scope (`scope:` in the route).
 * - server actions: POSTed the way the browser does (Next-Action header with the id from the build's
 *   server-reference-manifest.json). Anonymous callers must be refused, and members too for actions only
 *   admin pages use. An action used on a public page must be listed in PUBLIC_ACTIONS on purpose.
 */

/** Actions anyone may call: signing in and out. Add public form actions (e.g. the peering request) here. */
const PUBLIC_ACTIONS = new Set([
  "src/server/auth/actions.ts#requestLoginLink",
  "src/server/auth/actions.ts#logout",
  "src/server/requests/actions.ts#submitRequestAction",
  // Confirms a peering request's email; needs the token from that email.
  "src/server/requests/confirm-action.ts#confirmEmailAction",
  // Proof of ASN holdership from the requester's status page (needs its status token) and the registry contact's
  // emailed link (needs that token); docs/ASN-PROOF.md.
  "src/server/requests/proof/actions.ts#findRegistryContactsAction",
  "src/server/requests/proof/actions.ts#sendRegistryProofAction",
  "src/server/requests/proof/actions.ts#startPeeringDbProofAction",
  "src/server/requests/proof/actions.ts#confirmRegistryProofAction",
]);
/** API routes a member may call; each returns only the caller's own data. Everything else needs volunteer. */
const MEMBER_API = new Set(["GET /api/v1/me", "GET /api/v1/members/[asn]", "PUT /api/v1/members/[asn]/contacts", "GET /api/v1/locations"]);
/** API routes anyone may call without a token: the API's own description. */
const PUBLIC_API = new Set<string>(["GET /api/v1/openapi.json"]);

// Build before collecting the tests: the action ids below come from this build's manifest.
ensureBuilt();

let test: TestDatabase;
let app: RunningApp;
const cookies: Record<"member" | "volunteer" | "admin", string> = { member: "", volunteer: "", admin: "" };
let memberToken = "";
/** An admin's token per scope, holding only that scope. */
const scopeTokens = {} as Record<ApiScope, string>;
let own: { clientId: number; name: string; asn: number; connectionId: number };
let other: { clientId: number; name: string; asn: number; connectionId: number };

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 4, seed: 11 });
  const [memberUser] = await test.db.select({ email: users.email, clientId: users.clientId }).from(users).where(eq(users.role, "member"));
  const describeClient = async (clientId: number) => {
    const [client] = await test.db.select({ name: clients.name }).from(clients).where(eq(clients.id, clientId));
    const [asn] = await test.db.select({ asn: asns.asn }).from(asns).where(eq(asns.clientId, clientId)).orderBy(asc(asns.asn));
    const [connection] = await test.db.select({ id: connections.id }).from(connections).where(eq(connections.clientId, clientId));
    return { clientId, name: client!.name, asn: asn!.asn, connectionId: connection!.id };
  };
  own = await describeClient(memberUser!.clientId!);
  const [otherClient] = await test.db.select({ id: clients.id }).from(clients).where(eq(clients.id, own.clientId + 1));
  other = await describeClient(otherClient!.id);

  app = await startApp({ DATABASE_URL: test.url });
  cookies.member = await sessionCookie(app, test.db, memberUser!.email);
  cookies.volunteer = await sessionCookie(app, test.db, "volunteer@example.net");
  cookies.admin = await sessionCookie(app, test.db, "admin@example.net");
  memberToken = (await createApiToken(test.db, "test", { name: "member", userEmail: memberUser!.email, scopes: scopesOfRole("member"), expiresInDays: null })).token;
  for (const scope of API_SCOPE_NAMES) {
    scopeTokens[scope] = (await createApiToken(test.db, "test", { name: `only ${scope}`, userEmail: "admin@example.net", scopes: [scope] })).token;
  }
}, 900_000);

afterAll(async () => {
  await app?.stop();
  await test?.drop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers, redirect: "manual" });
const as = (who: keyof typeof cookies) => ({ Cookie: cookies[who] });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
/** Real ids for dynamic segments, so pages render their data rather than a 404. */
const sampleParams = () => ({ id: "1", asn: String(own.asn) });

const adminPages = discoverPages("(admin)");
const memberPages = discoverPages("(member)");
const apiRoutes = discoverApiRoutes();

describe("discovery", () => {
  it("finds the admin and member pages, API routes and server actions", () => {
    expect(adminPages.map((p) => p.pattern)).toEqual(expect.arrayContaining(["/admin/members", "/admin/locations", "/admin/users", "/admin/audit"]));
    expect(memberPages.map((p) => p.pattern)).toEqual(expect.arrayContaining(["/portal", "/portal/connections/[id]"]));
    expect(apiRoutes.map((r) => r.pattern)).toEqual(expect.arrayContaining(["/api/v1/members", "/api/v1/locations"]));
    // The build's actions are exactly the discovered exports that some page uses.
    const onDisk = new Set(discoverServerActions().map((a) => `${a.file}#${a.name}`));
    const built = builtServerActions();
    expect(built.length).toBeGreaterThan(5);
    for (const action of built) expect(onDisk, `${action.file}#${action.name} was not discovered`).toContain(`${action.file}#${action.name}`);
  });

  it("every admin and member page checks the role itself, not only through its layout", () => {
    for (const page of [...adminPages, ...memberPages]) {
      expect(page.source, `${page.file} must call requireRole/portalClient`).toMatch(/requireRole\(|requireMemberOfClient\(|portalClient\(/);
    }
  });
});

describe.each(adminPages.map((p) => [p.pattern, p] as const))("admin page %s", (pattern, page) => {
  const adminOnly = /requireRole\("admin"/.test(page.source);
  it("sends anonymous visitors to the login page", async () => {
    const response = await get(fillPattern(pattern, sampleParams()));
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toMatch(/\/login\?callbackUrl=/);
  });
  it("is forbidden for members", async () => {
    const response = await get(fillPattern(pattern, sampleParams()), as("member"));
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain(other.name);
  });
  // A dynamic page may answer 404 when the sample id does not exist (e.g. no request #1 yet).
  const opened = pattern.includes("[") ? [200, 404] : [200];
  it(`${adminOnly ? "is forbidden for volunteers but open to admins" : "is open to volunteers"}`, async () => {
    const volunteer = await get(fillPattern(pattern, sampleParams()), as("volunteer"));
    if (adminOnly) {
      expect(volunteer.status).toBe(403);
      expect(opened).toContain((await get(fillPattern(pattern, sampleParams()), as("admin"))).status);
    } else {
      expect(opened).toContain(volunteer.status);
    }
  });
});

describe.each(memberPages.map((p) => [p.pattern] as const))("member page %s", (pattern) => {
  it("sends anonymous visitors to the login page", async () => {
    const response = await get(fillPattern(pattern, { id: String(own.connectionId) }));
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toMatch(/\/login\?callbackUrl=/);
  });
  it("never shows a member another member's client", async () => {
    const response = await get(`${fillPattern(pattern, { id: String(own.connectionId) })}?client=${other.clientId}`, as("member"));
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain(other.name);
  });
});

describe("member data isolation", () => {
  it("shows a member their own network and nothing of another's", async () => {
    const response = await get("/portal", as("member"));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(own.name);
    expect(html).not.toContain(other.name);
  });
  it("answers 404 for another member's connection, as if it did not exist", async () => {
    expect((await get(`/portal/connections/${own.connectionId}`, as("member"))).status).toBe(200);
    const response = await get(`/portal/connections/${other.connectionId}`, as("member"));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(other.name);
  });
  it("lets volunteers open any member's portal view", async () => {
    const response = await get(`/portal?client=${other.clientId}`, as("volunteer"));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(other.name);
  });
});

const guardedApi = apiRoutes.flatMap((r) => r.methods.map((m) => [`${m} ${r.pattern}`, m, r.pattern] as const)).filter(([key]) => !PUBLIC_API.has(key));

describe.each(guardedApi)("API %s", (key, method, pattern) => {
  const call = (headers: Record<string, string>) =>
    fetch(`${app.url}${fillPattern(pattern, { asn: String(other.asn) })}`, { method, headers: { ...headers, Origin: app.url, "Content-Type": "application/json" }, body: method === "GET" ? undefined : "{}" });

  it("answers anonymous callers 401 with problem JSON", async () => {
    const response = await call({});
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it(MEMBER_API.has(key) ? "gives a member only their own data" : "is forbidden for members", async () => {
    for (const response of [await call(bearer(memberToken)), await call(as("member"))]) {
      const body = await response.text();
      expect(body).not.toContain(other.name);
      if (!MEMBER_API.has(key)) {
        expect(response.status).toBe(403);
        expect(JSON.parse(body)).toMatchObject({ status: 403, title: "Forbidden" });
      } else {
        // A change with the test's empty body stops at validation (400), after the role and scope passed.
        expect(method === "GET" ? [200, 404] : [200, 400, 404]).toContain(response.status);
      }
    }
  });

  it("is refused to a token of every scope but the one the route declares", async () => {
    const declared = declaredScope(pattern, method);
    expect(API_SCOPE_NAMES).toContain(declared);
    for (const scope of API_SCOPE_NAMES) {
      const response = await call(bearer(scopeTokens[scope]));
      const body = await response.text();
      if (scope === declared) {
        expect(response.status, `${key} with ${scope}: ${body}`).not.toBe(403);
        expect(response.status).not.toBe(401);
      } else {
        expect(response.status, `${key} with ${scope}`).toBe(403);
        expect(JSON.parse(body)).toMatchObject({ status: 403, detail: `this token lacks the scope ${declared}`, missingScope: declared });
      }
    }
  });
});

/** The scope a route's definition declares (`export const GET = apiRoute({ … scope: "x" … })`), read from its source. */
function declaredScope(pattern: string, method: string): string {
  const route = apiRoutes.find((r) => r.pattern === pattern)!;
  const source = readFileSync(join(ROOT, route.file), "utf8");
  const scope = new RegExp(`^export const ${method} = apiRoute\\(\\{[^]*?\\n  scope: "([^"]+)"`, "m").exec(source)?.[1];
  if (!scope) throw new Error(`${route.file}: ${method} declares no scope`);
  return scope;
}

describe("server actions", () => {
  const actions = builtServerActions();

  /** POSTs an action the way React does, with (previous state, form) arguments, to a page that uses it (a static one if any). */
  async function invoke(action: (typeof actions)[number], headers: Record<string, string>) {
    const page = action.pages.find((entry) => !entry.includes("[")) ?? action.pages[0]!;
    const response = await fetch(`${app.url}${pageUrlOfBuildEntry(page, sampleParams())}`, {
      method: "POST",
      headers: { ...headers, "Next-Action": action.id, "Content-Type": "text/plain;charset=UTF-8" },
      body: JSON.stringify(["$undefined", {}]),
      redirect: "manual",
    });
    return { status: response.status, body: await response.text() };
  }

  it.each(actions.map((a) => [`${a.file}#${a.name}`, a] as const))("%s refuses callers without the role", async (key, action) => {
    expect(action.pages.length, `${key} is used by no page`).toBeGreaterThan(0);
    const groups = new Set(action.pages.map(groupOfBuildEntry));
    if (PUBLIC_ACTIONS.has(key)) return;
    expect(groups.has("(public)") || groups.has(""), `${key} is used on a public page: list it in PUBLIC_ACTIONS if anonymous users may call it`).toBe(false);

    const anonymous = await invoke(action, {});
    expect(anonymous.body).toContain('{"ok":false,"message":"sign in first"}');
    if (!groups.has("(member)")) {
      const member = await invoke(action, as("member"));
      expect(member.body).toMatch(/\{"ok":false,"message":"this needs the (volunteer|admin) role"\}/);
    }
  });
});
