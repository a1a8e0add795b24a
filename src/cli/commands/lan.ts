import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { setEnforceRegisteredMacs } from "@/server/lan-hygiene/enforcement";
import { listLanFindings, resolveLanFinding } from "@/server/lan-hygiene/queries";
import { recordLanReport } from "@/server/lan-hygiene/report";
import { LAN_FINDING_LABELS } from "@/shared/lan-findings";
import { lanReportSchema } from "@/shared/validation/lan-hygiene";
import { CLI_ACTOR, getDb, printJson } from "../context";

const when = (date: Date) => date.toISOString().slice(0, 19).replace("T", " ");

export function registerLanCommands(program: Command): void {
  const lan = program.command("lan").description("LAN hygiene: what the watchers see on the IX bridges (MACs, addresses, stray protocols)");

  lan
    .command("findings")
    .description("open findings, newest first")
    .option("--pop <code>", "only this POP")
    .option("--all", "resolved findings too")
    .option("--json", "print JSON")
    .action(async (options: { pop?: string; all?: boolean; json?: boolean }) => {
      const rows = await listLanFindings(getDb(), { pop: options.pop, includeResolved: Boolean(options.all) });
      if (options.json) return printJson(rows);
      if (rows.length === 0) return console.log(options.all ? "no findings" : "no open findings");
      for (const f of rows) {
        console.log(
          `#${String(f.id).padEnd(5)} ${f.pop.padEnd(8)} ${LAN_FINDING_LABELS[f.kind].title.padEnd(34)} port ${(f.port || "?").padEnd(15)} ${f.mac} ${(f.ip || "-").padEnd(20)} ${f.member ?? "(unknown member)"}  first ${when(f.firstSeenAt)}  last ${when(f.lastSeenAt)}${f.resolvedAt ? `  resolved ${when(f.resolvedAt)}` : ""}`,
        );
        console.log(`       ${f.detail}`);
      }
    });

  lan
    .command("resolve")
    .description("mark a finding dealt with (it opens again if the watcher sees it again)")
    .argument("<id>", "the finding's number")
    .action(async (id: string) => {
      if (!/^\d+$/.test(id)) throw new Error(`"${id}" is not a finding number`);
      await resolveLanFinding(getDb(), CLI_ACTOR, Number(id));
      console.log(`finding #${id} resolved`);
    });

  lan
    .command("report")
    .description("record watcher reports (JSON, one per line, as `ixp agent watch --print` writes them) from a file or stdin")
    .option("--file <file>", "read this file instead of stdin")
    .action(async (options: { file?: string }) => {
      const lines = createInterface({ input: options.file ? createReadStream(options.file) : process.stdin });
      let number = 0;
      for await (const line of lines) {
        number++;
        if (!line.trim()) continue;
        let raw: unknown;
        try {
          raw = JSON.parse(line);
        } catch {
          throw new Error(`line ${number}: not JSON`);
        }
        const parsed = lanReportSchema.safeParse(raw);
        if (!parsed.success) throw new Error(`line ${number}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
        const result = await recordLanReport(getDb(), parsed.data);
        console.log(`${parsed.data.location}: ${parsed.data.observations.length} observations, ${result.findings} findings, ${result.newFindings} new`);
      }
    });

  lan
    .command("enforce")
    .description("lock member bridge ports at a POP to their registered MAC addresses (on), or stop (off); the agent applies it")
    .argument("<pop>", "POP code")
    .argument("<on|off>", "on or off")
    .action(async (pop: string, value: string) => {
      if (value !== "on" && value !== "off") throw new Error(`say "on" or "off", not "${value}"`);
      await setEnforceRegisteredMacs(getDb(), CLI_ACTOR, pop, value === "on");
      console.log(`${pop}: registered MACs ${value === "on" ? "enforced" : "not enforced"}; render and apply the tunnel server's desired state to take effect`);
    });
}
