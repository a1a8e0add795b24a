import type { Command } from "commander";
import { requireReverseDnsSettings, syncReverseZones, writeZoneFiles } from "@/server/dns/service";
import { env } from "@/server/env";
import { getDb } from "../context";

export function registerDnsCommands(program: Command): void {
  const dns = program.command("dns").description("reverse DNS zones of the peering LANs (RDNS_* settings)");

  dns
    .command("render")
    .description("write the reverse zones, each checked with named-checkzone; a serial moves only when its records change")
    .option("--out <dir>", "directory for the zone files (default: RDNS_ZONE_DIR)")
    .option("--dry-run", "print what would change; store and write nothing")
    .action(async (options: { out?: string; dryRun?: boolean }) => {
      const zones = await syncReverseZones(getDb(), new Date(), requireReverseDnsSettings(), { dryRun: options.dryRun });
      const dir = options.out ?? env().RDNS_ZONE_DIR;
      const written = options.dryRun ? [] : await writeZoneFiles(dir, zones);
      for (const zone of zones) {
        const state = zone.changed ? (options.dryRun ? "would change" : "changed") : "unchanged";
        console.log(`${zone.name}: serial ${zone.serial}, ${zone.records} PTR records, ${state}`);
      }
      if (!options.dryRun) console.log(`${written.length} of ${zones.length} zone files written to ${dir}`);
    });
}
