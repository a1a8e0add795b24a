/**
 * IX-F export generation at 1,000 and 10,000 members (target: under 100 ms for 1,000).
 * Run: npx tsx bench/ixf-export.ts [members...]
 */
import { createDb, createPool } from "@/server/db/client";
import { checkIxfDocument } from "@/server/ixf/checks";
import { buildIxfDocument } from "@/server/ixf/exporter";
import { ixfSettings, loadIxfRows } from "@/server/ixf/queries";
import { createBenchDatabase, medianTime } from "./bench-db";

const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
const rows: string[] = [];
for (const members of counts.length > 0 ? counts : [1000, 10000]) {
  const bench = await createBenchDatabase(`ixf${members}`, members);
  const pool = createPool(bench.url, 4);
  try {
    const db = createDb(pool);
    const settings = ixfSettings();
    const load = await medianTime(5, () => loadIxfRows(db));
    const build = await medianTime(10, () => buildIxfDocument(settings, load.result, new Date()));
    const check = await medianTime(10, () => checkIxfDocument(build.result));
    if (check.result.length > 0) throw new Error(`the demo export fails its checks: ${check.result[0]!.message}`);
    const serialise = await medianTime(10, () => JSON.stringify(build.result));
    const generate = build.ms + check.ms + serialise.ms;
    rows.push(
      `| ${members} | ${build.result.member_list.length} | ${load.result.addresses.length} | ${(serialise.result.length / 1e6).toFixed(2)} MB | ${load.ms.toFixed(1)} | ${build.ms.toFixed(1)} | ${check.ms.toFixed(1)} | ${serialise.ms.toFixed(1)} | ${generate.toFixed(1)} | ${(load.ms + generate).toFixed(1)} |`,
    );
  } finally {
    await pool.end();
    await bench.drop();
  }
}
console.log("\n| members | member ASNs exported | addresses | JSON size | DB load ms | build ms | checks ms | JSON ms | generation ms (build+checks+JSON) | total with DB ms |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const row of rows) console.log(row);
