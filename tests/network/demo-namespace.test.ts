import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { ips, routeServers } from "@/server/db/schema";
import { NETNS_NAME } from "@/server/monitoring/ping/demo-namespace";
import { seedDemo } from "@/server/seed/demo";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createMember } from "../helpers/members";
import { run } from "../helpers/netns";
import { testRunId } from "../helpers/run-id";

let test: TestDatabase;
const name = `ixpt${testRunId()}demo`.slice(0, 15);
const addressesOnLo = () =>
  run("ip", ["-n", name, "-o", "addr", "show", "dev", "lo"])
    .split("\n")
    .map((line) => / inet6? (\S+) /.exec(line)?.[1])
    .filter((a): a is string => Boolean(a) && a !== "127.0.0.1/8" && a !== "::1/128")
    .sort();

beforeAll(async () => {
  test = await createTestDatabase();
  await createMember(test.db, "Demo One", [
    { address: "198.18.0.60", pingable: true },
    { address: "2001:2:0:1::60", pingable: true },
    { address: "198.18.0.61", pingable: false },
  ]);
});
afterAll(async () => {
  runCli(["monitor", "demo-namespace", "--name", name, "--remove"], { DATABASE_URL: test.url });
  await test?.drop();
});

describe("ixp monitor demo-namespace", () => {
  it("creates the namespace with the pingable addresses on lo, idempotently, follows the database, and removes it", async () => {
    const env = { DATABASE_URL: test.url };
    const first = runCli(["monitor", "demo-namespace", "--name", name], env);
    expect(first.stderr).toBe("");
    expect(first.stdout).toMatch(/2 pingable addresses on lo \(2 added, 0 removed\); set PING_NETNS=/);
    expect(addressesOnLo()).toEqual(["198.18.0.60/32", "2001:2:0:1::60/128"]);
    const ping = spawnSync("ip", ["netns", "exec", name, "fping", "-c1", "198.18.0.60", "2001:2:0:1::60"], { encoding: "utf8" });
    expect(ping.status).toBe(0);
    expect(ping.stdout).toMatch(/198\.18\.0\.60 .*0% loss[\s\S]*2001:2:0:1::60 .*0% loss/);

    expect(runCli(["monitor", "demo-namespace", "--name", name], env).stdout).toMatch(/\(0 added, 0 removed\)/);
    await test.db.update(ips).set({ pingable: false }).where(eq(ips.address, "2001:2:0:1::60"));
    expect(runCli(["monitor", "demo-namespace", "--name", name], env).stdout).toMatch(/\(0 added, 1 removed\)/);
    expect(addressesOnLo()).toEqual(["198.18.0.60/32"]);

    const bad = runCli(["monitor", "demo-namespace", "--name", "bad name; rm"], env);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^ixp: "bad name; rm" is not a usable namespace name/);

    expect(runCli(["monitor", "demo-namespace", "--name", name, "--remove"], env).stdout).toMatch(/removed namespace/);
    expect(run("ip", ["netns", "list"])).not.toContain(name);
  });
});

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// stdin not a socket: bash would take itself for an ssh session and read ~/.bashrc.
const demoRouteServers = (verb: "start" | "stop", env: Record<string, string>) =>
  spawnSync("bash", [path.join(ROOT, "scripts/demo-route-servers.sh"), verb], { encoding: "utf8", env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });

describe("two clones' demos on one host", () => {
  it("take their namespace and BIRD control sockets from their databases, so both come up side by side", async () => {
    const databases = [await createTestDatabase(), await createTestDatabase()];
    const demos: Array<{ url: string; name: string; dir: string }> = [];
    try {
      for (const database of databases) {
        // The same seed: both demos have the very same addresses and route servers.
        await seedDemo(database.db, { members: 3, seed: 9 });
        const name = runCli(["monitor", "demo-namespace", "--print-name"], { DATABASE_URL: database.url }).stdout.trim();
        demos.push({ url: database.url, name, dir: path.join(ROOT, ".data", "bird", name) });
        const sockets = await database.db.select({ socket: routeServers.controlSocket }).from(routeServers);
        expect(sockets.map((row) => row.socket).sort()).toEqual([path.join(ROOT, ".data", "bird", name, "rs1.ctl"), path.join(ROOT, ".data", "bird", name, "rs2.ctl")]);
      }
      const [a, b] = demos as [(typeof demos)[0], (typeof demos)[0]];
      expect(a.name).not.toBe(b.name);
      for (const demo of demos) {
        expect(demo.name).toMatch(NETNS_NAME);
        const created = runCli(["monitor", "demo-namespace"], { DATABASE_URL: demo.url });
        expect(created.stderr).toBe("");
        expect(created.stdout).toMatch(new RegExp(`^namespace ${demo.name}: \\d+ pingable addresses`));
        const started = demoRouteServers("start", { DATABASE_URL: demo.url, PING_NETNS: demo.name, RS_CONFIG_DIR: demo.dir });
        expect(started.status, started.stdout + started.stderr).toBe(0);
      }
      for (const demo of demos) {
        expect(run("ip", ["netns", "list"])).toContain(demo.name);
        for (const rs of ["rs1", "rs2"]) {
          const status = spawnSync("birdc", ["-s", path.join(demo.dir, `${rs}.ctl`), "show", "status"], { encoding: "utf8" });
          expect(status.stdout).toContain("Daemon is up and running");
        }
      }
    } finally {
      for (const demo of demos) {
        demoRouteServers("stop", { RS_CONFIG_DIR: demo.dir });
        runCli(["monitor", "demo-namespace", "--remove"], { DATABASE_URL: demo.url });
        rmSync(demo.dir, { recursive: true, force: true });
      }
      for (const database of databases) await database.drop();
    }
  });
});
