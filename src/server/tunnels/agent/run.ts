import { readFile } from "node:fs/promises";
import { desiredStateSchema, type DesiredState } from "../desired-state";
import { applyChanges, execRunner, type ChangeResult, type CommandRunner } from "./apply";
import { parseFloodEntries, parseLinks, parseStaticMacs, type LiveState } from "./live";
import { planChanges, type Change, type Command } from "./plan";

/** `ixp agent apply`: read the desired state, read the kernel, print and apply only the difference. */

export async function readDesiredState(file: string): Promise<DesiredState> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read desired state ${file}: ${(error as Error).message}`);
  }
  const result = desiredStateSchema.safeParse(raw);
  if (!result.success) throw new Error(`invalid desired state ${file}: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return result.data;
}

export async function readLiveState(desired: DesiredState, runner: CommandRunner = execRunner): Promise<LiveState> {
  const interfaces = parseLinks(await runner(["ip", "-j", "-d", "link", "show"]));
  const flood = new Map<string, string[]>();
  for (const item of desired.interfaces) {
    // Only flood devices keep their peers in the FDB; a point-to-point device's one entry is its remote.
    if (item.kind === "vxlan" && !item.remote && interfaces.get(item.name)?.kind === "vxlan") {
      flood.set(item.name, parseFloodEntries(await runner(["bridge", "-j", "fdb", "show", "dev", item.name])));
    }
  }
  const staticMacs = interfaces.get(desired.bridge.name)?.kind === "bridge" ? parseStaticMacs(await runner(["bridge", "-j", "fdb", "show", "br", desired.bridge.name])) : new Map<string, string[]>();
  return { interfaces, flood, staticMacs };
}

const SYMBOL: Record<Change["action"], string> = { create: "+", recreate: "~", update: "~", delete: "-", detach: "-" };

export function formatCommand(command: Command): string {
  return command.map((word) => (/^[A-Za-z0-9_.:/@=,+-]+$/.test(word) ? word : JSON.stringify(word))).join(" ");
}

export function formatPlan(changes: readonly Change[]): string {
  if (changes.length === 0) return "no changes: the tunnel server matches the desired state\n";
  return changes.map((c) => `${SYMBOL[c.action]} ${c.action} ${c.interface}: ${c.reason}\n${c.commands.map((cmd) => `    ${formatCommand(cmd)}\n`).join("")}`).join("");
}

export function formatResults(results: readonly ChangeResult[]): string {
  const failed = results.filter((r) => !r.ok);
  const lines = failed.map((r) => `FAILED ${r.change.action} ${r.change.interface}: ${r.error}${r.failedCommand ? ` (at: ${formatCommand(r.failedCommand)})` : ""}\n`);
  return `${lines.join("")}applied ${results.length - failed.length} of ${results.length} changes${failed.length ? `, ${failed.length} failed; the other interfaces were left as they are` : ""}\n`;
}

export interface AgentRun {
  changes: Change[];
  results: ChangeResult[];
}

export async function runAgent(file: string, options: { dryRun: boolean; runner?: CommandRunner; print?: (text: string) => void }): Promise<AgentRun> {
  const print = options.print ?? ((text: string) => process.stdout.write(text));
  const runner = options.runner ?? execRunner;
  const desired = await readDesiredState(file);
  const changes = planChanges(desired, await readLiveState(desired, runner));
  print(formatPlan(changes));
  if (options.dryRun || changes.length === 0) return { changes, results: [] };
  const results = await applyChanges(changes, runner);
  print(formatResults(results));
  return { changes, results };
}
