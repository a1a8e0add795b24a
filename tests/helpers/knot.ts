import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "./app";

export interface KnotServer {
  port: number;
  /** Re-reads every zone file (what an operator's reload hook does after `ixp dns render`). */
  reload(): void;
  stop(): Promise<void>;
}

/**
 * A real Knot DNS authoritative server on 127.0.0.1 serving DIR/<zone>.zone for the given zones, with a
 * generated configuration in DIR/knot; optional TSIG key for RFC 2136 updates.
 */
export async function startKnot(zoneDir: string, zones: string[], tsig?: { name: string; secret: string }): Promise<KnotServer> {
  const home = path.join(zoneDir, "knot");
  mkdirSync(home, { recursive: true });
  const port = await freePort();
  const config = path.join(home, "knot.conf");
  writeFileSync(
    config,
    [
      "server:",
      `    rundir: "${home}"`,
      `    listen: 127.0.0.1@${port}`,
      "control:",
      `    listen: "${home}/knot.sock"`,
      "database:",
      `    storage: "${home}/db"`,
      ...(tsig ? ["key:", `  - id: ${tsig.name}`, "    algorithm: hmac-sha256", `    secret: ${tsig.secret}`, "acl:", "  - id: updates", `    key: ${tsig.name}`, "    action: [transfer, update]"] : []),
      "template:",
      "  - id: default",
      `    storage: "${zoneDir}"`,
      '    file: "%s.zone"',
      "    zonefile-sync: -1",
      "    zonefile-load: whole",
      "    journal-content: none",
      ...(tsig ? ["    acl: updates"] : []),
      "zone:",
      ...zones.map((zone) => `  - domain: ${zone}`),
      "",
    ].join("\n"),
  );
  const child: ChildProcess = spawn("knotd", ["-c", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const control = (...args: string[]) => execFileSync("knotc", ["-c", config, ...args], { encoding: "utf8" });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      control("status");
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`knotd did not start: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    port,
    reload: () => void control("zone-reload"),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** dig +short against the local server. */
export function dig(port: number, ...query: string[]): string {
  return execFileSync("dig", ["@127.0.0.1", "-p", String(port), "+short", "+time=2", "+tries=1", ...query], { encoding: "utf8" }).trim();
}
