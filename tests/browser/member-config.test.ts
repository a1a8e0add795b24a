import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { asns, clients, connections, users } from "@/server/db/schema";
import { seedDemo } from "@/server/seed/demo";
import { upsertUser } from "@/server/users/service";
import { sessionCookie, startApp, type RunningApp } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/** The member's router configuration on the connection page, and the OpenVPN profile download. */

let test: TestDatabase;
let app: RunningApp;
const secretsDir = mkdtempSync(join(tmpdir(), "ixpt-secrets-"));
let openvpn: { connectionId: number; asn: number; cookie: string };
let vxlan: { connectionId: number; cookie: string };

async function memberWith(type: "openvpn" | "vxlan", email: string) {
  const [row] = await test.db
    .select({ connectionId: connections.id, clientId: connections.clientId, asn: asns.asn })
    .from(connections)
    .innerJoin(asns, eq(asns.clientId, connections.clientId))
    .where(and(eq(connections.type, type)))
    .limit(1);
  await upsertUser(test.db, { email, role: "member", clientAsn: row!.asn }, "test");
  return { connectionId: row!.connectionId, asn: row!.asn, cookie: await sessionCookie(app, test.db, email) };
}

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 12, seed: 5 });
  app = await startApp({ DATABASE_URL: test.url, SECRETS_DIR: secretsDir });
  openvpn = await memberWith("openvpn", "ovpn@member.example");
  vxlan = await memberWith("vxlan", "vxlan@member.example");
});
afterAll(async () => {
  await app?.stop();
  await test?.drop();
  rmSync(secretsDir, { recursive: true, force: true });
});

const get = (path: string, cookie?: string) => fetch(`${app.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });

describe("router configuration for members", () => {
  it("shows copy-paste Linux and BGP configuration with the member's own values", async () => {
    const page = await (await get(`/portal/connections/${vxlan.connectionId}`, vxlan.cookie)).text();
    expect(page).toContain("Router configuration");
    expect(page).toMatch(/ip link add \S+ type vxlan id \d+/);
    expect(page).toContain("protocol bgp");
    const [own] = await test.db.select({ asn: asns.asn }).from(asns).innerJoin(clients, eq(clients.id, asns.clientId)).innerJoin(users, eq(users.clientId, clients.id)).where(eq(users.email, "vxlan@member.example"));
    expect(page).toMatch(new RegExp(`local [0-9a-f.:]+ as ${own!.asn};`));
  });

  it("lets the member download their OpenVPN profile with inline certificates, and keeps the CA key private", async () => {
    const response = await get(`/portal/connections/${openvpn.connectionId}/openvpn`, openvpn.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="[a-z0-9.-]+\.ovpn"$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const profile = await response.text();
    expect(profile).toMatch(/^dev-type tap$/m);
    for (const block of ["<ca>", "<cert>", "<key>"]) expect(profile).toContain(block);
    expect(profile).not.toContain("ca.key");
    expect(statSync(join(secretsDir, "openvpn", "ca.key")).mode & 0o777).toBe(0o600);
    expect(statSync(join(secretsDir, "openvpn")).mode & 0o777).toBe(0o700);
  });

  it("gives the profile to nobody else", async () => {
    expect((await get(`/portal/connections/${openvpn.connectionId}/openvpn`)).status).toBe(401);
    expect((await get(`/portal/connections/${openvpn.connectionId}/openvpn`, vxlan.cookie)).status).toBe(404);
    expect((await get(`/portal/connections/${vxlan.connectionId}/openvpn`, vxlan.cookie)).status).toBe(404);
    const admin = await sessionCookie(app, test.db, "admin@example.net");
    expect((await get(`/portal/connections/${openvpn.connectionId}/openvpn`, admin)).status).toBe(404);
  });
});
