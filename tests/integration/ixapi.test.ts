import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { asc, eq, inArray } from "drizzle-orm";
import { asns, clients, connections, emailOutbox, ips, ixapiCredentials, peeringLans, requests, routeServers, users } from "@/server/db/schema";
import { createIxapiCredential, revokeIxapiCredential } from "@/server/ixapi/credentials";
import { loadIxSnapshot } from "@/server/ixapi/load";
import { handleIxApi, type IxapiOptions } from "@/server/ixapi/router";
import { ACCESS_TOKEN_SECONDS } from "@/server/ixapi/tokens";
import { createMailTransport } from "@/server/mail/transport";
import { REQUEST_CHECKS } from "@/server/requests/checks";
import { requestQueue } from "@/server/requests/queries";
import { seedDemo } from "@/server/seed/demo";
import { runCliAsync } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/**
 * IX-API v2 (/ix-api/v2) through its one handler against a real database: the auth flow, account scoping,
 * response shapes checked against IX-API 2.1.0 schema fragments (tests/fixtures/ix-api), and a new
 * exchange_lan config landing in the volunteer queue as a peering request.
 */

let test: TestDatabase;
const transport = createMailTransport(undefined);
let memberKey = { apiKey: "", apiSecret: "" };
let volunteerKey = { apiKey: "", apiSecret: "" };
let memberClientId = 0;
let otherClientId = 0;
let memberConnectionId = 0;
let otherConnectionId = 0;

const fragments = JSON.parse(readFileSync(new URL("../fixtures/ix-api/ix-api-2.1.0-schemas.json", import.meta.url), "utf8")) as { definitions: Record<string, object> };
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
for (const [name, schema] of Object.entries(fragments.definitions)) ajv.addSchema(schema, name);

function expectShape(name: string, value: unknown) {
  const validate = ajv.getSchema(name)!;
  const ok = validate(value);
  expect(ok ? [] : validate.errors, `${name}: ${JSON.stringify(value)}`).toEqual([]);
}

function call(path: string, init: RequestInit & { token?: string } = {}, options: IxapiOptions = {}) {
  const headers = new Headers(init.headers);
  if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  const request = new Request(`http://ixp.test/ix-api/v2/${path}`, { ...init, headers });
  return handleIxApi(test.db, request, new URL(request.url).pathname.split("/").slice(3).filter(Boolean), { transport, ...options });
}

async function login(key: { apiKey: string; apiSecret: string }, options: IxapiOptions = {}) {
  const response = await call("auth/token", { method: "POST", body: JSON.stringify({ api_key: key.apiKey, api_secret: key.apiSecret }) }, options);
  expect(response.status).toBe(201);
  return (await response.json()) as { access_token: string; refresh_token: string };
}

async function problemOf(response: Response, status: number, kind: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = (await response.json()) as { type: string; title: string; status: number; detail?: string; properties?: { name: string; reason: string }[] };
  expectShape("ProblemResponse", body);
  expect(body.type).toBe(`https://errors.ix-api.net/v2/${kind}.html`);
  expect(body.status).toBe(status);
  return body;
}

async function list<T = Record<string, unknown>>(path: string, token: string): Promise<T[]> {
  const response = await call(path, { token });
  expect(response.status).toBe(200);
  return (await response.json()) as T[];
}

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 3, seed: 14 });
  const [member] = await test.db.select({ email: users.email, clientId: users.clientId }).from(users).where(eq(users.role, "member"));
  memberClientId = member!.clientId!;
  const [other] = await test.db.select({ id: clients.id }).from(clients).where(inArray(clients.id, [memberClientId + 1, memberClientId - 1]));
  otherClientId = other!.id;
  // The demo registers no MACs: give both members one, so /macs and the configs have something to show.
  const conns = await test.db.select({ id: connections.id, clientId: connections.clientId }).from(connections).orderBy(asc(connections.id));
  memberConnectionId = conns.find((c) => c.clientId === memberClientId)!.id;
  otherConnectionId = conns.find((c) => c.clientId === otherClientId)!.id;
  await test.db.update(connections).set({ macAddresses: ["02:00:5e:10:00:01"] }).where(eq(connections.id, memberConnectionId));
  await test.db.update(connections).set({ macAddresses: ["02:00:5e:20:00:02"] }).where(eq(connections.id, otherConnectionId));
  memberKey = await createIxapiCredential(test.db, "test", { name: "member automation", userEmail: member!.email });
  volunteerKey = await createIxapiCredential(test.db, "test", { name: "volunteer automation", userEmail: "volunteer@example.net" });
});

afterAll(async () => {
  await test?.drop();
});

describe("authentication (POST /auth/token, /auth/refresh)", () => {
  it("exchanges api_key/api_secret for an access and a refresh token; only the secret's hash is stored", async () => {
    expect(memberKey.apiKey).toHaveLength(16);
    expect(memberKey.apiSecret).toHaveLength(86);
    const tokens = await login(memberKey);
    expectShape("AuthToken", tokens);
    expect(JSON.stringify(await test.db.select().from(ixapiCredentials))).not.toContain(memberKey.apiSecret);
    const [row] = await test.db.select({ lastUsedAt: ixapiCredentials.lastUsedAt }).from(ixapiCredentials).where(eq(ixapiCredentials.apiKey, memberKey.apiKey));
    expect(row!.lastUsedAt).toBeInstanceOf(Date);
    expect((await call("accounts", { token: tokens.access_token })).status).toBe(200);
  });

  it("refuses a wrong secret, an unknown key and a malformed body in IX-API's error shape", async () => {
    const wrong = { api_key: memberKey.apiKey, api_secret: volunteerKey.apiSecret };
    await problemOf(await call("auth/token", { method: "POST", body: JSON.stringify(wrong) }), 401, "authentication-error");
    const unknown = { api_key: "0123456789abcdef", api_secret: memberKey.apiSecret };
    await problemOf(await call("auth/token", { method: "POST", body: JSON.stringify(unknown) }), 401, "authentication-error");
    const malformed = await problemOf(await call("auth/token", { method: "POST", body: JSON.stringify({ api_key: "short" }) }), 400, "validation-error");
    expect(malformed.properties!.map((p) => p.name).sort()).toEqual(["api_key", "api_secret"]);
  });

  it("rejects requests without a token, with a bad one, and with an expired one (signature-expired)", async () => {
    await problemOf(await call("network-services"), 401, "authentication-error");
    await problemOf(await call("network-services", { token: "not.a.jwt" }), 401, "authentication-error");
    const past = new Date(Date.now() - (ACCESS_TOKEN_SECONDS + 60) * 1000);
    const old = await login(memberKey, { now: past });
    await problemOf(await call("network-services", { token: old.access_token }), 401, "signature-expired");
    // The refresh token of that session is still good and opens a new one.
    const refreshed = await call("auth/refresh", { method: "POST", body: JSON.stringify({ refresh_token: old.refresh_token }) });
    expect(refreshed.status).toBe(201);
    const fresh = (await refreshed.json()) as { access_token: string };
    expect((await call("network-services", { token: fresh.access_token })).status).toBe(200);
  });

  it("does not take an access token for a refresh token, and ends sessions of a revoked key", async () => {
    const tokens = await login(memberKey);
    await problemOf(await call("auth/refresh", { method: "POST", body: JSON.stringify({ refresh_token: tokens.access_token }) }), 401, "authentication-error");
    const temporary = await createIxapiCredential(test.db, "test", { name: "temporary", userEmail: "volunteer@example.net" });
    const session = await login(temporary);
    expect((await call("accounts", { token: session.access_token })).status).toBe(200);
    const [row] = await test.db.select({ id: ixapiCredentials.id }).from(ixapiCredentials).where(eq(ixapiCredentials.apiKey, temporary.apiKey));
    await revokeIxapiCredential(test.db, "test", row!.id);
    await problemOf(await call("accounts", { token: session.access_token }), 401, "authentication-error");
    await problemOf(await call("auth/refresh", { method: "POST", body: JSON.stringify({ refresh_token: session.refresh_token }) }), 401, "authentication-error");
  });
});

describe("ixp ixapi (the command line)", () => {
  it("creates a pair that logs in, and revokes it", async () => {
    const env = { DATABASE_URL: test.url };
    const created = await runCliAsync(["ixapi", "create", "cli script", "--user", "admin@example.net"], env);
    expect(created.stderr).toContain("shown only now");
    expect(created.status).toBe(0);
    const apiKey = /^api_key=(\S+)$/m.exec(created.stdout)![1]!;
    const apiSecret = /^api_secret=(\S+)$/m.exec(created.stdout)![1]!;
    await login({ apiKey, apiSecret });
    const [row] = await test.db.select({ id: ixapiCredentials.id, name: ixapiCredentials.name }).from(ixapiCredentials).where(eq(ixapiCredentials.apiKey, apiKey));
    expect(row!.name).toBe("cli script");
    expect((await runCliAsync(["ixapi", "revoke", String(row!.id)], env)).status).toBe(0);
    await problemOf(await call("auth/token", { method: "POST", body: JSON.stringify({ api_key: apiKey, api_secret: apiSecret }) }), 401, "authentication-error");
  });
});

describe("the exchange as IX-API resources", () => {
  it("lists the peering LAN as an exchange_lan network service with its route servers as features", async () => {
    const { access_token } = await login(memberKey);
    const [lan] = await test.db.select().from(peeringLans).where(eq(peeringLans.active, true));
    const services = await list("network-services", access_token);
    expect(services).toHaveLength(1);
    const service = services[0]!;
    expectShape("ExchangeLanNetworkService", service);
    expect(service).toMatchObject({ id: String(lan!.id), type: "exchange_lan", state: "production", subnet_v4: lan!.ipv4Prefix, subnet_v6: lan!.ipv6Prefix });
    const servers = await test.db.select().from(routeServers).orderBy(asc(routeServers.id));
    expect(service.network_features).toEqual(servers.map((rs) => String(rs.id)));
    const features = await list("network-features", access_token);
    expect(features.map((f) => [f.type, f.asn, f.ip_v4])).toEqual(servers.map((rs) => ["route_server", rs.asn, rs.ipv4Address]));
    for (const offering of await list("product-offerings", access_token)) expectShape("ExchangeLanNetworkProductOffering", offering);
    const facilities = await list("facilities", access_token);
    expect(facilities.length).toBeGreaterThan(0);
    for (const facility of facilities) expectShape("Facility", facility);
    const areas = await list<{ id: string; facilities: string[] }>("metro-areas", access_token);
    for (const area of areas) expectShape("MetroArea", area);
    expect(areas.flatMap((a) => a.facilities).sort()).toEqual(facilities.map((f) => String(f.id)).sort());
    for (const network of await list("metro-area-networks", access_token)) expectShape("MetroAreaNetwork", network);
    const pops = await list("pops", access_token);
    for (const pop of pops) expectShape("PointOfPresence", pop);
    expect(pops.map((p) => p.facility).sort()).toEqual(facilities.map((f) => String(f.id)).sort());
  });

  it("reads the IX once per change, not once per call, and shows a change on the next call", async () => {
    const first = await loadIxSnapshot(test.db);
    expect(await loadIxSnapshot(test.db)).toBe(first);
    const { access_token } = await login(memberKey);
    const renamed = `Renamed ${Date.now()}`;
    await test.db.update(clients).set({ name: renamed }).where(eq(clients.id, memberClientId));
    const accounts = await list<{ id: string; name: string }>("accounts", access_token);
    expect(accounts.find((a) => a.id === String(memberClientId))?.name).toBe(renamed);
    expect(await loadIxSnapshot(test.db)).not.toBe(first);
  });

  it("shows a member its own account, contacts, config with IPs and MACs, and nothing of another member", async () => {
    const { access_token } = await login(memberKey);
    const accounts = await list("accounts", access_token);
    expect(accounts.map((a) => a.id)).toEqual(["ix", String(memberClientId)]);
    const contacts = await list("contacts", access_token);
    expect(contacts.length).toBeGreaterThan(0);
    expect(new Set(contacts.map((c) => c.consuming_account))).toEqual(new Set([String(memberClientId)]));
    const assignments = await list<{ role: string; contact: string }>("role-assignments", access_token);
    expect(new Set(assignments.map((a) => a.role))).toEqual(new Set(["implementation", "noc", "peering"]));

    const configs = await list<{ id: string; consuming_account: string; ips: string[]; macs: string[]; asns: number[]; connection: string; state: string }>("network-service-configs", access_token);
    expect(configs.length).toBeGreaterThan(0);
    expect(new Set(configs.map((c) => c.consuming_account))).toEqual(new Set([String(memberClientId)]));
    const mine = configs.find((c) => c.connection === String(memberConnectionId))!;
    expectShape("ExchangeLanNetworkServiceConfig", mine);
    const [connection] = await test.db.select({ state: connections.state }).from(connections).where(eq(connections.id, memberConnectionId));
    expect(mine.state).toBe(connection!.state);
    const ownIps = await test.db
      .select({ id: ips.id, address: ips.address, asn: asns.asn })
      .from(ips)
      .innerJoin(asns, eq(asns.id, ips.asnId))
      .where(eq(ips.connectionId, memberConnectionId));
    expect(ownIps.length).toBeGreaterThan(0);
    expect(mine.ips.sort()).toEqual(ownIps.map((ip) => String(ip.id)).sort());
    expect(mine.asns).toEqual([...new Set(ownIps.map((ip) => ip.asn))]);
    const listedIps = await list<{ id: string; address: string; consuming_account: string }>(`ips?id=${mine.ips.join(",")}`, access_token);
    expect(listedIps.map((ip) => ip.address).sort()).toEqual(ownIps.map((ip) => ip.address).sort());
    const macs = await list<{ id: string; address: string }>("macs", access_token);
    for (const mac of macs) expectShape("MacAddress", mac);
    expect(macs.map((m) => m.address)).toEqual(["02:00:5e:10:00:01"]);
    expect(mine.macs).toEqual([macs[0]!.id]);

    // Another member's objects: not listed, not readable by id, not found by filter.
    const [otherIp] = await test.db.select({ id: ips.id }).from(ips).where(eq(ips.connectionId, otherConnectionId));
    expect(JSON.stringify(await list("ips", access_token))).not.toContain(`"id":"${otherIp!.id}"`);
    await problemOf(await call(`ips/${otherIp!.id}`, { token: access_token }), 404, "not-found");
    const otherConfigId = `${otherConnectionId}-${(await test.db.select({ id: peeringLans.id }).from(peeringLans))[0]!.id}`;
    await problemOf(await call(`network-service-configs/${otherConfigId}`, { token: access_token }), 404, "not-found");
    await problemOf(await call(`accounts/${otherClientId}`, { token: access_token }), 404, "not-found");
    expect(await list(`network-service-configs?consuming_account=${otherClientId}`, access_token)).toEqual([]);

    // A volunteer's key sees both members.
    const volunteer = await login(volunteerKey);
    const all = await list<{ consuming_account: string }>("network-service-configs", volunteer.access_token);
    expect(all.some((c) => c.consuming_account === String(otherClientId))).toBe(true);
    expect((await call(`network-service-configs/${otherConfigId}`, { token: volunteer.access_token })).status).toBe(200);
  });
});

describe("creating an exchange_lan network service config", () => {
  const body = (overrides: Record<string, unknown> = {}) => ({
    type: "exchange_lan",
    network_service: "",
    managing_account: String(memberClientId),
    consuming_account: String(memberClientId),
    asns: [213999],
    pop: "",
    tunnel_type: "vxlan",
    remote_endpoint: "8.8.4.4",
    external_ref: "ticket 4711",
    ...overrides,
  });

  it("becomes a peering request in the volunteer queue, shown to the member as a requested config", async () => {
    const { access_token } = await login(memberKey);
    const [lan] = await test.db.select({ id: peeringLans.id }).from(peeringLans);
    const [pop] = await list<{ id: string }>("pops", access_token);
    const response = await call("network-service-configs", { method: "POST", token: access_token, body: JSON.stringify(body({ network_service: String(lan!.id), pop: pop!.id })) });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; state: string; asns: number[]; consuming_account: string; network_service: string };
    expect(created).toMatchObject({ state: "requested", asns: [213999], consuming_account: String(memberClientId), network_service: String(lan!.id) });
    const requestId = Number(created.id.replace("request-", ""));

    const [client] = await test.db.select({ name: clients.name, contactEmail: clients.contactEmail }).from(clients).where(eq(clients.id, memberClientId));
    const [row] = await test.db.select().from(requests).where(eq(requests.id, requestId));
    expect(row).toMatchObject({ asn: 213999, state: "unverified", networkName: client!.name, contactEmail: client!.contactEmail, locationId: Number(pop!.id), tunnelType: "vxlan", remoteEndpoint: "8.8.4.4" });
    expect(row!.comments).toContain("ticket 4711");
    // The same checks ran as for the /connect form.
    expect((row!.checks as { results: { check: string }[] }).results.map((r) => r.check)).toEqual(REQUEST_CHECKS.map((c) => c.id));
    // ...and the contact confirms by email, as every requester does.
    const [mail] = await test.db.select({ to: emailOutbox.toAddress }).from(emailOutbox).where(eq(emailOutbox.dedupeKey, `request:${requestId}:verify`));
    expect(mail!.to).toBe(client!.contactEmail);
    const queued = (await requestQueue(test.db)).flatMap((group) => group.requests.map((r) => r.id));
    expect(queued).toContain(requestId);

    const mine = await list<{ id: string; state: string }>("network-service-configs?state=requested", access_token);
    expect(mine.map((c) => c.id)).toContain(created.id);
  });

  it("answers bad input with an IX-API validation error naming the properties, and stores nothing", async () => {
    const { access_token } = await login(memberKey);
    const [lan] = await test.db.select({ id: peeringLans.id }).from(peeringLans);
    const [pop] = await list<{ id: string }>("pops", access_token);
    const before = (await test.db.select({ id: requests.id }).from(requests)).length;

    const wrongType = await problemOf(await call("network-service-configs", { method: "POST", token: access_token, body: JSON.stringify(body({ type: "p2p_vc", network_service: String(lan!.id), pop: pop!.id })) }), 400, "validation-error");
    expect(wrongType.properties!.map((p) => p.name)).toEqual(["type"]);

    const bad = await problemOf(
      await call("network-service-configs", { method: "POST", token: access_token, body: JSON.stringify(body({ network_service: String(lan!.id), pop: pop!.id, asns: [64512], remote_endpoint: "10.1.2.3" })) }),
      400,
      "validation-error",
    );
    expect(bad.properties!.map((p) => p.name).sort()).toEqual(["asns", "remote_endpoint"]);
    expect(bad.properties!.find((p) => p.name === "remote_endpoint")!.reason).toContain("private");

    const noPop = await problemOf(await call("network-service-configs", { method: "POST", token: access_token, body: JSON.stringify(body({ network_service: String(lan!.id), pop: "999999" })) }), 400, "validation-error");
    expect(noPop.properties!.map((p) => p.name)).toEqual(["pop"]);

    await problemOf(
      await call("network-service-configs", { method: "POST", token: access_token, body: JSON.stringify(body({ network_service: String(lan!.id), pop: pop!.id, managing_account: String(otherClientId), consuming_account: String(otherClientId) })) }),
      403,
      "permission-denied",
    );
    const foreignConnection = await problemOf(
      await call("network-service-configs", { method: "POST", token: access_token, body: JSON.stringify(body({ network_service: String(lan!.id), connection: String(otherConnectionId), pop: undefined, tunnel_type: undefined, remote_endpoint: undefined })) }),
      400,
      "validation-error",
    );
    expect(foreignConnection.properties).toEqual([{ name: "connection", reason: "is not a connection of the consuming account" }]);
    const notJson = await call("network-service-configs", { method: "POST", token: access_token, body: "type=exchange_lan", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(notJson.status).toBe(415);
    expect(((await notJson.json()) as { type: string }).type).toBe("https://errors.ix-api.net/v2/validation-error.html");
    expect((await test.db.select({ id: requests.id }).from(requests)).length).toBe(before);
  });
});
