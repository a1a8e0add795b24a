import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { DomainError } from "@/server/errors";
import { databaseName } from "@/server/db/migrate";

/**
 * The MariaDB client programs (Debian's mariadb-client) for dumping and loading a whole database.
 * mariadb-dump is the engine's own exporter: it knows every column type, charset and index, and
 * --single-transaction gives one InnoDB snapshot without locking writers (also on Galera).
 */

function findProgram(names: string[]): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  throw new DomainError(`${names[0]} not found on PATH: install Debian's mariadb-client package (apt-get install mariadb-client)`);
}

/** Connection options for the client programs; the password goes through MYSQL_PWD, never the command line. */
export function clientConnection(url: string): { args: string[]; env: NodeJS.ProcessEnv; database: string } {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1";
  const args = ["--protocol=TCP", `--host=${host}`, `--port=${parsed.port || "3306"}`, `--user=${decodeURIComponent(parsed.username) || "root"}`];
  const env = { ...process.env, MYSQL_PWD: decodeURIComponent(parsed.password) };
  return { args, env, database: databaseName(url) };
}

/** Runs a client program with the given stdin/stdout; rejects with its stderr when it fails. */
function run(program: string, args: string[], env: NodeJS.ProcessEnv, stdin: Readable | "ignore", stdout: Writable | "ignore"): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: [stdin === "ignore" ? "ignore" : "pipe", stdout === "ignore" ? "ignore" : "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    if (stdin !== "ignore") stdin.pipe(child.stdin!);
    if (stdout !== "ignore") child.stdout!.pipe(stdout);
    child.once("error", reject);
    child.once("close", (code) => {
      if (code === 0) resolve();
      else reject(new DomainError(`${path.basename(program)} failed (exit ${code}): ${stderr.trim().split("\n").slice(-3).join(" ")}`));
    });
  });
}

/**
 * Dumps the database as SQL, one INSERT per row (so the manifest can count rows from the very snapshot
 * dumped) and one transaction per table on restore (--no-autocommit) so loading stays fast.
 */
export async function dumpDatabase(url: string, out: Writable): Promise<void> {
  const { args, env, database } = clientConnection(url);
  const options = [
    "--single-transaction",
    "--skip-lock-tables",
    "--skip-extended-insert",
    "--no-autocommit",
    "--hex-blob",
    "--routines",
    "--triggers",
    "--default-character-set=utf8mb4",
    "--skip-dump-date",
  ];
  await run(findProgram(["mariadb-dump", "mysqldump"]), [...args, ...options, database], env, "ignore", out);
}

/** Loads a dump made by dumpDatabase into the database the URL names. */
export async function loadDatabase(url: string, sql: Readable): Promise<void> {
  const { args, env, database } = clientConnection(url);
  await run(findProgram(["mariadb", "mysql"]), [...args, "--default-character-set=utf8mb4", "--batch", database], env, sql, "ignore");
}
