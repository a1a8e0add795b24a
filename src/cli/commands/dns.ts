import type { Command } from "commander";
import { pushReverseZones, requireReverseDnsSettings, syncReverseZones, writeZoneFiles } from "@/server/dns/service";
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
        console.log(`${zone.name}: serial ${zone.serial}, ${zone.records.length} PTR records, ${state}`);
      }
      if (!options.dryRun) console.log(`${written.length} of ${zones.length} zone files written to ${dir}`);
    });

  dns
    .command("push")
    .description("RFC 2136: bring RDNS_UPDATE_SERVER's PTR records to the zones, signed with RDNS_TSIG_KEY (reads them over AXFR first)")
    .option("--dry-run", "print what would change; send nothing")
    .action(async (options: { dryRun?: boolean }) => {
      const settings = requireReverseDnsSettings();
      const zones = await syncReverseZones(getDb(), new Date(), settings, { dryRun: options.dryRun });
      for (const update of await pushReverseZones(zones, settings, { dryRun: options.dryRun })) {
        const [add, remove] = options.dryRun ? ["would add", "would remove"] : ["added", "removed"];
        console.log(update.script ? `${update.zone}: ${add} ${update.added}, ${remove} ${update.removed} PTR records` : `${update.zone}: up to date`);
      }
    });
}
