import { env } from "@/server/env";
import type { JobContext, JobCounts } from "@/server/jobs/types";
import { pushReverseZones, reverseDnsSettings, syncReverseZones, writeZoneFiles } from "./service";

/** Every minute: bring the reverse zones in RDNS_ZONE_DIR up to date (a serial moves only when records change), and push them when RDNS_UPDATE_SERVER is set. */
export async function runDnsRender(ctx: JobContext): Promise<JobCounts> {
  const settings = reverseDnsSettings();
  if (!settings) {
    ctx.log("reverse DNS is off (RDNS_DOMAIN is unset)");
    return { zones: 0 };
  }
  const zones = await syncReverseZones(ctx.db, ctx.now, settings, { dryRun: ctx.dryRun });
  const changed = zones.filter((zone) => zone.changed);
  for (const zone of changed) ctx.log(`${zone.name}: ${zone.records.length} PTR records, serial ${zone.serial}${ctx.dryRun ? " (would be written)" : ""}`);
  if (ctx.dryRun) return { zones: zones.length, changed: changed.length };
  const written = await writeZoneFiles(env().RDNS_ZONE_DIR, zones);
  if (!env().RDNS_UPDATE_SERVER) return { zones: zones.length, changed: changed.length, written: written.length };
  const updates = (await pushReverseZones(zones, settings)).filter((update) => update.script);
  for (const update of updates) ctx.log(`${update.zone}: pushed ${update.added} added, ${update.removed} removed PTR records`);
  return { zones: zones.length, changed: changed.length, written: written.length, pushed: updates.length };
}
