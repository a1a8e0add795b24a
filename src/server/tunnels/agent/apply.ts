import { execFile } from "node:child_process";
import type { Change, Command } from "./plan";

/** Runs a plan's commands with argument arrays (never a shell); one failing change never stops the others. */

export type CommandRunner = (command: Command) => Promise<string>;

export const execRunner: CommandRunner = (command) =>
  new Promise((resolve, reject) => {
    const [file, ...args] = command;
    execFile(file, args, { encoding: "utf8", timeout: 30_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(stderr.trim().split("\n")[0] || error.message));
      else resolve(stdout);
    });
  });

export interface ChangeResult {
  change: Change;
  ok: boolean;
  error?: string;
  failedCommand?: Command;
}

export async function applyChanges(changes: readonly Change[], runner: CommandRunner = execRunner): Promise<ChangeResult[]> {
  const results: ChangeResult[] = [];
  for (const change of changes) {
    if (change.blocked) {
      results.push({ change, ok: false, error: change.blocked });
      continue;
    }
    let failure: ChangeResult | undefined;
    for (const command of change.commands) {
      try {
        await runner(command);
      } catch (error) {
        failure = { change, ok: false, error: (error as Error).message, failedCommand: command };
        break;
      }
    }
    results.push(failure ?? { change, ok: true });
  }
  return results;
}
