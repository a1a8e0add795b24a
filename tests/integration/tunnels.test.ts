import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections, locations, peeringLans } from "@/server/db/schema";
import { seedDemo } from "@/server/seed/demo";
import { desiredStateSchema } from "@/server/tunnels/desired-state";
import { memberConfigurations } from "@/server/tunnels/member/load";
import { ZerotierController } from "@/server/tunnels/zerotier/client";
import { reconcileZerotier } from "@/server/tunnels/zerotier/reconcile";
import { runCli, runCliAsync } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startZerotierController } from "../helpers/zerotier-controller";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
let database: TestDatabase;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "ixp-tunnels-"));
  env = { DATABASE_URL: database.url, SECRETS_DIR: path.join(dir, "secrets") };
  await seedDemo(database.db, { members: 40, seed: 7 });
});

const lanPrefixes = async () =>
  (await database.db.select({ v4: peeringLans.ipv4Prefix, v6: peeringLans.ipv6Prefix }).from(peeringLans)).flatMap((lan) => [lan.v4, lan.v6]).filter((p): p is string => p !== null);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

describe("tunnels from the demo database", () => {
  it("`ixp render tunnels` writes a valid desired state and the daemon files for every POP", async () => {
    const codes = (await database.db.select({ code: locations.code }).from(locations)).map((l) => l.code);
    for (const code of codes) {
      const out = path.join(dir, code);
      const result = runCli(["render", "tunnels", code, "--out", out], env);
      expect(result.status, result.stderr).toBe(0);
      const state = desiredStateSchema.parse(JSON.parse(readFileSync(path.join(out, "desired-state.json"), "utf8")));
      expect(state.location).toBe(code);
      expect(state.mesh.length).toBeGreaterThan(0);
    }
    expect(existsSync(path.join(dir, "FMT", "openvpn", "server.conf"))).toBe(true);
    expect(existsSync(path.join(dir, "SYD", "eoip", "tunnels.txt"))).toBe(true);
    const missing = runCli(["render", "tunnels", "NOPE", "--out", path.join(dir, "x")], env);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe('ixp: no POP with code "NOPE"');
  });

  it("every seeded connection gets its member configuration", async () => {
    const rows = await database.db.select({ id: connections.id, type: connections.type }).from(connections);
    const types = new Set<string>();
    for (const row of rows) {
      const snippets = await memberConfigurations(database.db, row.id);
      expect(snippets.length).toBeGreaterThan(0);
      types.add(row.type);
    }
    expect(types.size).toBe(6);
  });

  it("`ixp ansible inventory --list` lists tunnel servers and route servers from the database", () => {
    const result = runCli(["ansible", "inventory", "--list"], env);
    expect(result.status, result.stderr).toBe(0);
    const inventory = JSON.parse(result.stdout);
    expect(inventory.tunnel_servers.hosts).toEqual(["tunnel-ams", "tunnel-fmt", "tunnel-jnb", "tunnel-nyc", "tunnel-syd"]);
    expect(inventory.route_servers.hosts).toEqual(["rs-rs1", "rs-rs2"]);
    expect(inventory._meta.hostvars["tunnel-fmt"]).toMatchObject({ ansible_host: "tunnel-fmt.example.net", ixp_location: "FMT" });
    const wrapper = spawnSync(path.join(ROOT, "ansible", "inventory", "ixp.sh"), ["--list"], { encoding: "utf8", env: { ...process.env, ...env, LOG_LEVEL: "silent" } });
    expect(wrapper.status, wrapper.stderr).toBe(0);
    expect(JSON.parse(wrapper.stdout)).toEqual(inventory);
    const host = runCli(["ansible", "inventory", "--host", "rs-rs1"], env);
    expect(JSON.parse(host.stdout)).toMatchObject({ ixp_route_server: "rs1", bird_control_socket: expect.stringMatching(/\/\.data\/bird\/ixpdemo[-_]\w+\/rs1\.ctl$/) });
  });

  it("`ixp agent apply` refuses a bad desired-state file with one line", () => {
    const file = path.join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ version: 1, location: "X", bridge: { name: "br-ixp" }, interfaces: [{ kind: "vxlan", name: "ixpv1;reboot", vni: 1, port: 4789, role: "member" }] }));
    const result = runCli(["agent", "apply", "--state", file, "--dry-run"], env);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("interfaces.0.name");
  });

  it("ZeroTier: reconcile authorises live members with their addresses and de-authorises removed ones", async () => {
    const fake = await startZerotierController("token", [{ id: "8056c2e21c000001", routes: await lanPrefixes() }]);
    try {
      const controller = new ZerotierController(fake.url, "token");
      fake.members.get("8056c2e21c000001")!.set("deadbeef01", { id: "deadbeef01", nwid: "8056c2e21c000001", authorized: true, ipAssignments: ["198.18.0.250"], revision: 1 });
      const first = await reconcileZerotier(database.db, controller);
      expect(first.errors).toEqual([]);
      const authorised = first.actions.filter((a) => a.action === "authorize");
      expect(authorised.length).toBeGreaterThan(0);
      expect(authorised.every((a) => a.ipAssignments.length > 0)).toBe(true);
      expect(first.actions).toContainEqual(expect.objectContaining({ action: "deauthorize", nodeId: "deadbeef01" }));
      expect((await reconcileZerotier(database.db, controller)).actions).toEqual([]);

      const [zt] = await database.db.select({ id: connections.id, node: connections.remoteEndpoint }).from(connections).where(eq(connections.type, "zerotier")).limit(1);
      await database.db.update(connections).set({ state: "decommissioned" }).where(eq(connections.id, zt!.id));
      const after = await reconcileZerotier(database.db, controller);
      expect(after.actions).toContainEqual(expect.objectContaining({ action: "deauthorize", nodeId: zt!.node }));
      expect(fake.members.get("8056c2e21c000001")!.get(zt!.node!)?.authorized).toBe(false);
    } finally {
      await fake.close();
    }
  });

  it("`ixp zerotier reconcile` reports a wrong token, a network missing on the controller and missing managed routes as one clear error each", async () => {
    const [v4, v6] = await lanPrefixes();
    const fake = await startZerotierController("token", [{ id: "8056c2e21c000001", routes: [v4!] }]);
    try {
      const reconcile = (token: string) => runCliAsync(["zerotier", "reconcile"], { ...env, ZEROTIER_CONTROLLER_URL: fake.url, ZEROTIER_TOKEN: token });
      const wrongToken = await reconcile("wrong");
      expect(wrongToken.status).toBe(1);
      expect(wrongToken.stdout).toBe("");
      expect(wrongToken.stderr).toBe(`ixp: network 8056c2e21c000001: ZeroTier controller ${fake.url} refused the token (answered 401): check ZEROTIER_TOKEN\n`);

      const noRoute = await reconcile("token");
      expect(noRoute.status).toBe(1);
      expect(noRoute.stdout).toBe("");
      expect(noRoute.stderr).toBe(
        `ixp: network 8056c2e21c000001: no managed route covers ${v6}: add one on the controller, or ZeroTier ignores the assigned addresses (docs/TUNNELS.md, ZeroTier); nothing was changed\n`,
      );
      expect(fake.requests.filter((r) => r.startsWith("POST"))).toEqual([]);
    } finally {
      await fake.close();
    }

    const empty = await startZerotierController("token", []);
    try {
      const missing = await runCliAsync(["zerotier", "reconcile", "--dry-run"], { ...env, ZEROTIER_CONTROLLER_URL: empty.url, ZEROTIER_TOKEN: "token" });
      expect(missing.status).toBe(1);
      expect(missing.stdout).toBe("");
      expect(missing.stderr).toBe("ixp: network 8056c2e21c000001: the controller has no such network: create it there first (docs/TUNNELS.md, ZeroTier)\n");
    } finally {
      await empty.close();
    }
  });
});
