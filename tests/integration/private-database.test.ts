import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import mysql from "mysql2/promise";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/app";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "ixp-private-db-"));

function scripted(body: string, env: Record<string, string>) {
  return spawnSync("bash", ["-c", `source scripts/lib.sh; source scripts/database.sh; ${body}`], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("database discovery in the setup scripts", () => {
  it("keeps a DATABASE_URL that answers", () => {
    const result = scripted("resolve_database_url ixp", { DATABASE_URL: "mysql://root@127.0.0.1:3306/somewhere" });
    expect(result.stdout.trim()).toBe("mysql://root@127.0.0.1:3306/somewhere");
  });

  it("falls back to the server on 127.0.0.1:3306 when DATABASE_URL does not answer", () => {
    const result = scripted("resolve_database_url ixp", { DATABASE_URL: "mysql://root@127.0.0.1:9/gone" });
    expect(result.stdout.trim()).toBe("mysql://root@127.0.0.1:3306/ixp");
    expect(result.stderr).toMatch(/DATABASE_URL does not answer/);
  });

  it("starts and stops a private MariaDB of its own when asked", async () => {
    const port = await freePort();
    const env = { IXP_PRIVATE_DB_DIR: dir, IXP_PRIVATE_DB_PORT: String(port) };
    const started = scripted("start_private_mariadb && private_db_running && echo running", env);
    expect(started.stdout).toContain("running");
    try {
      const connection = await mysql.createConnection({ uri: `mysql://root@127.0.0.1:${port}/` });
      const [rows] = await connection.query<mysql.RowDataPacket[]>("select @@datadir as datadir");
      await connection.end();
      expect(String(rows[0]?.datadir)).toContain(dir);
    } finally {
      const stopped = scripted("stop_private_mariadb; private_db_running || echo stopped", env);
      expect(stopped.stdout).toContain("stopped");
    }
  });
});
