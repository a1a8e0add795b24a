import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

/** The README's two commands must leave `git status` of a clone as they found it. */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "clean-clone-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// stdin not a socket: bash would take itself for an ssh session and read ~/.bashrc.
const bash = (script: string, cwd = ROOT) => spawnSync("/bin/bash", ["-c", script], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

describe("a clone stays clean", () => {
  it("npm install writes package-lock.json exactly as committed", () => {
    const project = mkdtempSync(join(dir, "npm-"));
    for (const file of ["package.json", "package-lock.json"]) copyFileSync(join(ROOT, file), join(project, file));
    execFileSync("npm", ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, stdio: "pipe" });
    expect(readFileSync(join(project, "package-lock.json"), "utf8")).toBe(readFileSync(join(ROOT, "package-lock.json"), "utf8"));
  });

  it("everything the scripts and builds write is ignored", () => {
    const written = [".data/logs/web.log", ".next/BUILD_ID", "node_modules/.package-lock.json", "next-env.d.ts", "dist/ixp-agent.mjs", "tsconfig.tsbuildinfo", "test-results/x.json", "coverage/index.html"];
    const ignored = bash(`git check-ignore --no-index ${written.join(" ")}`).stdout.trim().split("\n");
    expect(ignored).toEqual(written);
  });

  it("check_git_status_unchanged fails, naming the paths, when a run changed git status, and ignores the developer's own edits", () => {
    const repo = mkdtempSync(join(dir, "repo-"));
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.net", ...args], { cwd: repo, stdio: "pipe" });
    git("init", "-q");
    writeFileSync(join(repo, "tracked.txt"), "one\n");
    writeFileSync(join(repo, "mine.txt"), "one\n");
    git("add", ".");
    git("commit", "-qm", "init");
    writeFileSync(join(repo, "mine.txt"), "the developer's own edit\n");
    const run = (change: string) =>
      bash(`source scripts/lib.sh && ROOT=${repo} && before="$(git_status)" && ${change} && check_git_status_unchanged "$before" && echo unchanged`);

    expect(run("true")).toMatchObject({ status: 0, stdout: "unchanged\n", stderr: "" });
    const changed = run(`echo two >> ${repo}/tracked.txt && touch ${repo}/new-file`);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toBe("");
    expect(changed.stderr).toBe("error: this run changed the clone's git status (files it writes must be ignored, tracked files left alone):\n>  M tracked.txt\n> ?? new-file\n");
  });
});
