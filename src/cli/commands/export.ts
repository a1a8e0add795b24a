import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { generateIxfDocument } from "@/server/ixf/service";
import { getDb } from "../context";

export function registerExportCommands(program: Command): void {
  const exportCommand = program.command("export").description("public data exports");

  exportCommand
    .command("ixf")
    .description("IX-F Member Export 1.0 JSON, checked before it is written (fails listing the offending rows)")
    .option("--out <file>", "write to this file instead of standard output")
    .action(async (options: { out?: string }) => {
      const document = await generateIxfDocument(getDb(), new Date());
      const text = `${JSON.stringify(document, null, 2)}\n`;
      if (options.out) {
        await writeFile(options.out, text);
        console.log(`wrote ${options.out}: ${document.member_list.length} member ASNs`);
      } else {
        process.stdout.write(text);
      }
    });
}
