import { execFile } from "node:child_process";
import { copyFile, open, readFile, rename, unlink } from "node:fs/promises";
import { promisify } from "node:util";
import { sshRun, type SshDestination } from "./ssh";

const run = promisify(execFile);

/** Where a route server's config files live and are checked: this machine, or its host over SSH. */
export interface ConfigHost {
  /** Writes durably; the caller reads back to make sure. */
  write(path: string, text: string): Promise<void>;
  /** The file's text, or null if there is none. */
  read(path: string): Promise<string | null>;
  /** `bird -p -c path`; rejects with BIRD's first line of complaint. */
  check(path: string): Promise<void>;
  copy(from: string, to: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
}

const firstLine = (error: unknown) => String((error as { stderr?: string }).stderr || (error as Error).message).trim().split("\n")[0]!;

export function localConfigHost(birdBinary: string): ConfigHost {
  return {
    async write(path, text) {
      const handle = await open(path, "w", 0o644);
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    read: (path) => readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? null : Promise.reject(error))),
    async check(path) {
      await run(birdBinary, ["-p", "-c", path], { timeout: 120_000 }).catch((error: unknown) => Promise.reject(new Error(firstLine(error))));
    },
    copy: (from, to) => copyFile(from, to),
    rename: (from, to) => rename(from, to),
    remove: (path) => unlink(path).catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? undefined : Promise.reject(error))),
  };
}

export function sshConfigHost(destination: SshDestination, birdBinary: string): ConfigHost {
  const ssh = (words: string[], input?: string) => sshRun(destination, words, input);
  return {
    write: async (path, text) => void (await ssh(["cat", ">", path, "&&", "sync"], text)),
    read: (path) =>
      ssh(["cat", path]).catch((error: Error) => (/No such file/.test(error.message) ? null : Promise.reject(error))),
    check: async (path) => void (await ssh([birdBinary, "-p", "-c", path])),
    copy: async (from, to) => void (await ssh(["cp", "-p", from, to])),
    rename: async (from, to) => void (await ssh(["mv", "-f", from, to])),
    remove: async (path) => void (await ssh(["rm", "-f", path])),
  };
}
