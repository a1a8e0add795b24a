import { env } from "@/server/env";
import type { JobContext, JobCounts } from "@/server/jobs/types";
import { reverseDnsSettings, syncReverseZones, writeZoneFiles } from "./service";

/** Every minute: bring the reverse zones in RDNS_ZONE_DIR up to date (a serial moves only when records change). */
export async function runDnsRender(ctx: JobContext): Promise<JobCounts> {
  const settings = reverseDnsSettings();
  if (!settings) {
    ctx.log("reverse DNS is off (RDNS_DOMAIN is unset)");
    return { zones: 0 };
  }
  const zones = await syncReverseZones(ctx.db, ctx.now, settings, { dryRun: ctx.dryRun });
  const changed = zones.filter((zone) => zone.changed);
  for (const zone of changed) ctx.log(`${zone.name}: ${zone.records} PTR records, serial ${zone.serial}${ctx.dryRun ? " (would be written)" : ""}`);
  if (ctx.dryRun) return { zones: zones.length, changed: changed.length };
  const written = await writeZoneFiles(env().RDNS_ZONE_DIR, zones);
  return { zones: zones.length, changed: changed.length, written: written.length };
}
