import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, registryObjects } from "@/server/db/schema";
import { markPublished, registryStatus } from "@/server/registry/service";
import { ConflictError } from "@/server/errors";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { createMemberAtPop, setMemberAsSet } from "../helpers/dns";

let test: TestDatabase;
let alpha: number;
const cli = (...args: string[]) => runCli(["registry", ...args], { DATABASE_URL: test.url, IX_SHORTNAME: "DEMO-IX" });

beforeAll(async () => {
  test = await createTestDatabase();
  alpha = (await createMemberAtPop(test.db, "Alpha", ["198.18.0.10", "2001:2:0:1::10"])).asn;
});
afterAll(async () => {
  await test?.drop();
});

describe("ixp registry", () => {
  it("prints the AS-SET with every member and the route server's aut-num", () => {
    const asSet = cli("as-set");
    expect(asSet.stderr).toBe("");
    expect(asSet.stdout).toContain("as-set:         AS-DEMOIX\n");
    expect(asSet.stdout).toContain(`members:        AS${alpha}\n`);
    const autNum = cli("aut-num");
    expect(autNum.stdout).toContain("aut-num:        AS64500\n");
    expect(autNum.stdout).toContain(`mp-import:      afi ipv6.unicast from AS${alpha} accept AS${alpha}\n`);
  });

  it("diffs against nothing until published, then against the published text", async () => {
    expect(cli("as-set", "--diff").stdout).toContain(`+members:        AS${alpha}`);
    const published = cli("publish", "as-set");
    expect(published.stderr).toBe("");
    expect(published.stdout).toMatch(/as-set recorded as published \(sha256 [0-9a-f]{64}\)/);
    expect(cli("as-set", "--diff").stdout).toContain("the as-set object is unchanged since it was published");

    const beta = await createMemberAtPop(test.db, "Beta", ["198.18.0.20"]);
    await setMemberAsSet(test.db, alpha, "AS-ALPHA");
    const diff = cli("as-set", "--diff").stdout;
    expect(diff).toContain(`+members:        AS${beta.asn}`);
    expect(diff).not.toContain(`-members:        AS${alpha}`);
    expect(cli("aut-num", "--diff").stdout).toContain(`+import:         from AS${alpha} accept AS-ALPHA`);
  });

  it("records only the text the volunteer reviewed: a stale hash is refused and nothing changes", async () => {
    const [before] = await test.db.select().from(registryObjects).where(eq(registryObjects.kind, "as-set"));
    const stale = "0".repeat(64);
    await expect(markPublished(test.db, { kind: "as-set", sha256: stale }, "volunteer@example.net", new Date())).rejects.toThrow(ConflictError);
    expect(cli("publish", "as-set", "--sha256", stale).stderr).toContain("The as-set object changed since it was shown");
    expect((await test.db.select().from(registryObjects).where(eq(registryObjects.kind, "as-set")))[0]).toEqual(before);

    const current = (await registryStatus(test.db)).find((object) => object.kind === "as-set")!;
    await markPublished(test.db, { kind: "as-set", sha256: current.sha256 }, "volunteer@example.net", new Date());
    expect((await registryStatus(test.db)).find((object) => object.kind === "as-set")!.diff).toBeNull();
    const audits = await test.db.select().from(auditLog).where(eq(auditLog.action, "registry.publish"));
    expect(audits.map((entry) => entry.actor)).toContain("volunteer@example.net");
  });

  it("refuses an unknown object kind or a malformed hash with a clear message", () => {
    expect(cli("publish", "route-set").stderr).toContain("kind: must be one of: as-set, aut-num");
    expect(cli("publish", "as-set", "--sha256", "abc").stderr).toContain("sha256: must be the SHA-256 of the reviewed text");
  });
});
