import { execFile } from "node:child_process";

/**
 * Reaching a route server's host over SSH (key-based, never interactive). The remote side joins
 * the words into one shell command, so every word is checked to need no quoting at all.
 */
export interface SshDestination {
  sshHost: string;
  sshUser?: string | null;
}

const SAFE_HOST = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const SAFE_USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const SAFE_WORD = /^(?:[A-Za-z0-9_./:=+-]+|>|&&)$/;

export class SshError extends Error {}

/** Arguments for `ssh` that run `words` on the destination. */
export function sshArguments(destination: SshDestination, words: string[]): string[] {
  if (!SAFE_HOST.test(destination.sshHost) || (destination.sshUser && !SAFE_USER.test(destination.sshUser))) {
    throw new SshError(`unsafe SSH destination ${JSON.stringify(destination.sshHost)}`);
  }
  const unsafe = words.find((word) => !SAFE_WORD.test(word));
  if (unsafe !== undefined) throw new SshError(`refusing to send ${JSON.stringify(unsafe)} to a remote shell`);
  const target = destination.sshUser ? `${destination.sshUser}@${destination.sshHost}` : destination.sshHost;
  return ["-T", "-o", "BatchMode=yes", "--", target, ...words];
}

/** Runs words remotely; resolves with stdout, rejects with the remote stderr's first line. */
export function sshRun(destination: SshDestination, words: string[], input?: string, timeoutMs = 120_000): Promise<string> {
  const args = sshArguments(destination, words);
  return new Promise((resolve, reject) => {
    const child = execFile("ssh", args, { timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new SshError(String(stderr || error.message).trim().split("\n")[0]));
      else resolve(stdout);
    });
    // ssh may exit before it reads its input (no route, refused key): the write then fails with EPIPE, which
    // would crash the process unhandled. The exit status and stderr above already say what went wrong.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(input ?? "");
  });
}
