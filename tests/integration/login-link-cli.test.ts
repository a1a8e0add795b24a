import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "@/server/db/schema";
import { seedDemo } from "@/server/seed/demo";
import { runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/** `ixp user login-link`: links land on the user's home, or on a page of this site given with --to. */

let test: TestDatabase;
let memberEmail = "";
const APP_URL = "https://ix.example.net";

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemo(test.db, { members: 1, seed: 3 });
  const [member] = await test.db.select({ email: users.email }).from(users).where(eq(users.role, "member"));
  memberEmail = member!.email;
});
afterAll(async () => {
  await test?.drop();
});

const loginLink = (...args: string[]) => runCli(["user", "login-link", ...args], { DATABASE_URL: test.url, APP_URL });
const landsOn = (stdout: string) => new URL(stdout.trim()).searchParams.get("callbackUrl");

describe("ixp user login-link", () => {
  it("sends each role to its home", () => {
    expect(landsOn(loginLink(memberEmail).stdout)).toBe(`${APP_URL}/portal`);
    expect(landsOn(loginLink("volunteer@example.net").stdout)).toBe(`${APP_URL}/admin`);
    expect(landsOn(loginLink("admin@example.net").stdout)).toBe(`${APP_URL}/admin`);
  });

  it("lands on the page given with --to", () => {
    expect(landsOn(loginLink(memberEmail, "--to", "/portal/connections/1?tab=bgp").stdout)).toBe(`${APP_URL}/portal/connections/1?tab=bgp`);
  });

  it.each(["https://evil.example/", "//evil.example/x", "/\\evil.example", "admin", "/a b"])("refuses --to %s, which is not a page of this site", (to) => {
    const result = loginLink(memberEmail, "--to", to);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("ixp: the page to land on must be a path on this site, such as /portal or /admin/requests\n");
  });
});
