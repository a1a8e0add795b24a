import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { asns, clients, connections, ips, locations, users } from "@/server/db/schema";
import { MIGRATIONS_FOLDER, runMigrations } from "@/server/db/migrate";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { runCli } from "../helpers/cli";

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});

async function tableCounts() {
  const db = test.db;
  const [c] = await db.select({ n: count() }).from(clients);
  const [a] = await db.select({ n: count() }).from(asns);
  const [i] = await db.select({ n: count() }).from(ips);
  const [k] = await db.select({ n: count() }).from(connections);
  const [l] = await db.select({ n: count() }).from(locations);
  return { clients: c!.n, asns: a!.n, ips: i!.n, connections: k!.n, locations: l!.n };
}

describe("ixp CLI against a real database", () => {
  it("migrates idempotently", async () => {
    const first = runCli(["db", "migrate"], { DATABASE_URL: test.url });
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/is up to date/);
    await runMigrations(test.db);
    expect(runCli(["db", "migrate"], { DATABASE_URL: test.url }).status).toBe(0);
  });

  it("on a brand-new database, says which migrations it applied; 'up to date' only when there was nothing to apply", async () => {
    const fresh = new URL(test.url);
    fresh.pathname = `/${test.name}_fresh`;
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
    try {
      const first = runCli(["db", "migrate"], { DATABASE_URL: fresh.toString() });
      expect(first.stderr).toBe("");
      expect(first.status).toBe(0);
      expect(first.stdout).not.toMatch(/up to date/);
      expect(first.stdout.trim().split("\n")).toEqual([
        `database ${test.name}_fresh: applied ${journal.entries.length} migration(s)`,
        ...journal.entries.map((entry) => `  ${entry.tag}`),
      ]);
      const second = runCli(["db", "migrate"], { DATABASE_URL: fresh.toString() });
      expect(second.stdout.trim()).toBe(`database ${test.name}_fresh is up to date (${journal.entries.at(-1)!.tag})`);
    } finally {
      await test.pool.query(`DROP DATABASE IF EXISTS \`${test.name}_fresh\``);
    }
  });

  it("seeds a demo IX with every tunnel type and a mix of states, and seeding twice adds nothing", async () => {
    const seeded = runCli(["db", "seed", "--demo", "--members", "40", "--seed", "7"], { DATABASE_URL: test.url });
    expect(seeded.stderr).toBe("");
    expect(seeded.stdout).toMatch(/40 members created/);
    const after = await tableCounts();
    expect(after.clients).toBe(40);
    expect(after.locations).toBeGreaterThanOrEqual(3);
    expect(after.asns).toBeGreaterThanOrEqual(40);

    const types = new Set((await test.db.select({ type: connections.type }).from(connections)).map((r) => r.type));
    expect([...types].sort()).toEqual(["custom", "eoip", "local", "openvpn", "vxlan", "zerotier"]);
    const ipRows = await test.db.select({ pingable: ips.pingable, rsSessionDownSince: ips.rsSessionDownSince, provisioned: ips.provisioned }).from(ips);
    const dayMs = 86_400_000;
    const downFor = (row: (typeof ipRows)[number]) => (row.rsSessionDownSince ? (Date.now() - row.rsSessionDownSince.getTime()) / dayMs : 0);
    expect(ipRows.some((r) => r.pingable === null)).toBe(true);
    expect(ipRows.some((r) => r.pingable === true)).toBe(true);
    expect(ipRows.some((r) => downFor(r) > 0.5 && downFor(r) < 7)).toBe(true);
    expect(ipRows.some((r) => downFor(r) >= 14)).toBe(true);

    const again = runCli(["db", "seed", "--demo", "--members", "40", "--seed", "7"], { DATABASE_URL: test.url });
    expect(again.stdout).toMatch(/0 members created.*40 already present/);
    expect(await tableCounts()).toEqual(after);
  });

  it("shows one member's whole picture", async () => {
    const [first] = await test.db.select({ asn: asns.asn }).from(asns).limit(1);
    const shown = runCli(["member", "show", `AS${first!.asn}`], { DATABASE_URL: test.url });
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain(`AS${first!.asn}`);
    expect(shown.stdout).toMatch(/Connections:/);
    expect(shown.stdout).toMatch(/provisioned (yes|no)/);
    const json = JSON.parse(runCli(["member", "show", String(first!.asn), "--json"], { DATABASE_URL: test.url }).stdout);
    expect(json.asns.some((a: { asn: number }) => a.asn === first!.asn)).toBe(true);
  });

  it("adds users and ties members to their client", async () => {
    const [first] = await test.db.select({ asn: asns.asn, clientId: asns.clientId }).from(asns).limit(1);
    expect(runCli(["user", "add", "Ops@Example.org", "--role", "volunteer"], { DATABASE_URL: test.url }).stdout).toMatch(/created ops@example.org \(volunteer\)/);
    expect(runCli(["user", "add", "ops@example.org", "--role", "admin"], { DATABASE_URL: test.url }).stdout).toMatch(/updated ops@example.org \(admin\)/);
    const member = runCli(["user", "add", "peer@example.org", "--role", "member", "--asn", String(first!.asn)], { DATABASE_URL: test.url });
    expect(member.status).toBe(0);
    const rows = await test.db.select({ email: users.email, role: users.role, clientId: users.clientId }).from(users);
    expect(rows.filter((r) => r.email === "ops@example.org")).toEqual([{ email: "ops@example.org", role: "admin", clientId: null }]);
    expect(rows.find((r) => r.email === "peer@example.org")?.clientId).toBe(first!.clientId);
  });

  it.each([
    [["member", "show", "AS999999999"], /^ixp: no member has AS999999999\n$/],
    [["member", "show", "banana"], /^ixp: must be an AS number/],
    [["user", "add", "not-an-email", "--role", "admin"], /^ixp: email: must be an email address\n$/],
    [["user", "add", "a@example.org", "--role", "root"], /^ixp: role: must be one of: member, volunteer, admin\n$/],
    [["user", "add", "a@example.org", "--role", "member"], /^ixp: a member user needs the ASN/],
    [["db", "seed", "--demo", "--members", "-3"], /^ixp: members: /],
    [["db", "seed"], /^ixp: say what to seed: --demo\n$/],
  ])("refuses bad input %j with one line and a non-zero exit", (args, message) => {
    const result = runCli(args, { DATABASE_URL: test.url });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("prints sign-in links with the secret from the environment or from SECRETS_DIR, and refuses without one", () => {
    const secrets = mkdtempSync(join(tmpdir(), "ixpt-secrets-"));
    try {
      const noSecret = { DATABASE_URL: test.url, AUTH_SECRET: "", SECRETS_DIR: secrets };
      const refused = runCli(["user", "login-link", "ops@example.org"], noSecret);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toBe("ixp: invalid configuration: AUTH_SECRET: is required (e.g. `openssl rand -hex 32`)\n");
      writeFileSync(join(secrets, "auth-secret"), "f".repeat(64), { mode: 0o600 });
      const link = runCli(["user", "login-link", "ops@example.org", "--to", "/admin/jobs"], { ...noSecret, APP_URL: "https://ix.example.net" });
      expect(link.stderr).toBe("");
      const url = new URL(link.stdout.trim());
      expect(url.origin + url.pathname).toBe("https://ix.example.net/api/auth/callback/nodemailer");
      expect(url.searchParams.get("email")).toBe("ops@example.org");
      expect(url.searchParams.get("callbackUrl")).toBe("https://ix.example.net/admin/jobs");
      expect(runCli(["user", "login-link", "nobody@example.org"], noSecret).stderr).toMatch(/^ixp: no user has the email nobody@example.org/);
    } finally {
      rmSync(secrets, { recursive: true, force: true });
    }
  });

  it("explains an unreachable database and bad configuration in one line", () => {
    const closed = runCli(["member", "show", "64500"], { DATABASE_URL: "mysql://root@127.0.0.1:9/ixp" });
    expect(closed.status).toBe(1);
    expect(closed.stderr).toMatch(/^ixp: cannot reach the database at 127\.0\.0\.1:9 \(ECONNREFUSED\); check DATABASE_URL\n$/);
    const bad = runCli(["member", "show", "64500"], { DATABASE_URL: "postgres://nope" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^ixp: invalid configuration: DATABASE_URL: must be a mysql:\/\/ URL/);
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
