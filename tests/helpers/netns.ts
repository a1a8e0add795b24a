import { execFileSync, spawnSync } from "node:child_process";
import { testRunId } from "./run-id";

let counter = 0;

/** Runs a command; arguments are passed as an array, never through a shell. */
export function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: "utf8" });
}

export interface Namespace {
  name: string;
  exec(command: string, args: string[]): string;
  remove(): void;
}

/** A network namespace with a name unique to this run (ip netns names are limited to 15 chars for veth peers). */
export function createNamespace(label: string): Namespace {
  const name = `ixpt${testRunId()}${label.slice(0, 6)}${++counter}`;
  run("ip", ["netns", "add", name]);
  run("ip", ["-n", name, "link", "set", "lo", "up"]);
  return {
    name,
    exec: (command, args) => run("ip", ["netns", "exec", name, command, ...args]),
    remove: () => {
      spawnSync("ip", ["netns", "delete", name]);
    },
  };
}

export function canUseNetns(): boolean {
  return spawnSync("ip", ["netns", "list"]).status === 0 && process.getuid?.() === 0;
}
