import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { ips } from "@/server/db/schema";
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
