import { execFile, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/ixp.mjs", import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const cliEnv = (env: Record<string, string | undefined>) => ({ ...process.env, LOG_LEVEL: "silent", ...env });

/** Runs the real `ixp` command in a child process against the given database. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: cliEnv(env), timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same without blocking the test process, for commands that talk to a server the test itself runs. */
export function runCliAsync(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { encoding: "utf8", env: cliEnv(env), timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? (child.exitCode ?? 1) : 0, stdout, stderr });
    });
  });
}
