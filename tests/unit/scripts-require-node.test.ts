import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const LIB = fileURLToPath(new URL("../../scripts/lib.sh", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "require-node-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A PATH holding only what lib.sh itself needs, plus (when given) a `node` that prints this version. */
function pathWith(nodeVersion: string | null): string {
  const bin = mkdtempSync(join(dir, "bin-"));
  for (const tool of ["dirname", "sed"]) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
  if (nodeVersion) {
    writeFileSync(join(bin, "node"), `#!/bin/sh\necho ${nodeVersion}\n`);
    chmodSync(join(bin, "node"), 0o755);
  }
  return bin;
}

const requireNode = (nodeVersion: string | null) =>
  spawnSync("/bin/bash", ["-c", `source "${LIB}" && require_node && echo fine`], {
    encoding: "utf8",
    env: { PATH: pathWith(nodeVersion), NODE_ENV: "test" },
    // stdin not a socket: bash would take itself for an ssh session and read ~/.bashrc.
    stdio: ["ignore", "pipe", "pipe"],
  });

describe("scripts/lib.sh require_node", () => {
  it.each([
    ["Debian 12's Node 18", "v18.19.0", "found: v18.19.0"],
    ["Node 20 before 20.9", "v20.8.1", "found: v20.8.1"],
    ["no Node at all", null, "found: none"],
  ])("stops with one line saying what is needed and where to get it: %s", (_, version, found) => {
    const result = requireNode(version);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `error: Node.js 20.9 or newer is needed (${found}); install it from https://nodejs.org/en/download (e.g. Node.js 22 LTS, or NodeSource's Debian packages) and run this again\n`,
    );
  });

  it.each(["v20.9.0", "v22.12.0", "v24.1.0"])("accepts %s", (version) => {
    const result = requireNode(version);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("fine\n");
  });
});
