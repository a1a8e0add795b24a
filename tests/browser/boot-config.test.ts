import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ensureBuilt, freePort, webServerArgs } from "../helpers/app";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Starts the built app and waits for it to exit (it should refuse to boot); gives up after 30 s. */
async function boot(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  ensureBuilt();
  const port = await freePort();
  const child = spawn(process.execPath, webServerArgs(port), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", AUTH_SECRET: "x".repeat(40), ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, stderr };
}

describe("the web server checks its configuration when it starts", () => {
  it("refuses to start with one line per bad variable", async () => {
    const { code, stderr } = await boot({ DATABASE_URL: "postgres://db/ixp", IX_COUNTRY: "usa" });
    expect(code).toBe(1);
    const lines = stderr.trim().split("\n").filter((line) => line.startsWith("ixp-portal:"));
    expect(lines).toEqual([
      expect.stringMatching(/^ixp-portal: invalid configuration: DATABASE_URL: must be a mysql:\/\/ URL/),
      expect.stringMatching(/^ixp-portal: invalid configuration: IX_COUNTRY: must be an ISO 3166 alpha-2 code/),
    ]);
  });

  it("checks once, before starting its server processes", async () => {
    const { code, stderr } = await boot({ WEB_PROCESSES: "3", IX_COUNTRY: "usa" });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n").filter((line) => line.startsWith("ixp-portal:"))).toEqual([expect.stringMatching(/^ixp-portal: invalid configuration: IX_COUNTRY: /)]);
    const zero = await boot({ WEB_PROCESSES: "0" });
    expect(zero.code).toBe(1);
    expect(zero.stderr).toMatch(/^ixp-portal: invalid configuration: WEB_PROCESSES: /m);
  });

  it("refuses to start without a secret to sign sessions with", async () => {
    const { code, stderr } = await boot({ AUTH_SECRET: "", SECRETS_DIR: "/nonexistent" });
    expect(code).toBe(1);
    expect(stderr).toContain("ixp-portal: invalid configuration: AUTH_SECRET: is required");
  });
});

describe("where the web server listens", () => {
  it("without --hostname, on every address: IPv6 and IPv4 loopback both answer (as `next start` did)", async () => {
    ensureBuilt();
    const port = await freePort();
    const child = spawn(process.execPath, webServerArgs(port, null), {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", AUTH_SECRET: "x".repeat(40), WEB_PROCESSES: "1", LOG_LEVEL: "warn" },
      stdio: "ignore",
      detached: true,
    });
    try {
      const statusAt = async (host: string) => {
        for (let i = 0; i < 120; i++) {
          try {
            return (await fetch(`http://${host}:${port}/api/health`)).status;
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        }
        return 0;
      };
      // 200 or 503: an answer either way (the default database may not exist here).
      expect([200, 503]).toContain(await statusAt("127.0.0.1"));
      expect([200, 503]).toContain(await statusAt("[::1]"));
    } finally {
      process.kill(-child.pid!, "SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  });
});
