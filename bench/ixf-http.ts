/**
 * /ixf.json throughput and latency against the production build (target: over 1,000 requests/s
 * for the cached export on a 2-core machine). Needs `next build` first.
 * Run: npx tsx bench/ixf-http.ts [members] [seconds]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { startApp } from "../tests/helpers/app";
import { createBenchDatabase } from "./bench-db";

const members = Number(process.argv[2] ?? 1000);
const duration = Number(process.argv[3] ?? 10);
const connections = 50;

const bench = await createBenchDatabase(`http${members}`, members);
const exportDir = await mkdtemp(join(tmpdir(), "ixpbench-ixf-"));
const app = await startApp({ databaseUrl: bench.url, env: { IXF_EXPORT_PATH: join(exportDir, "ixf.json"), LOG_LEVEL: "warn" } });
try {
  const first = await fetch(`${app.baseUrl}/ixf.json`); // generates and stores the export
  const body = await first.arrayBuffer();
  const etag = first.headers.get("etag");
  if (first.status !== 200 || !etag) throw new Error(`GET /ixf.json answered ${first.status}`);
  console.log(`export: ${(body.byteLength / 1e6).toFixed(2)} MB for ${members} members; ${connections} connections, ${duration} s per run`);

  const scenarios = [
    { name: "full body (no validator)", headers: {} as Record<string, string>, expect: 200 },
    { name: "full body, Accept-Encoding: gzip", headers: { "accept-encoding": "gzip" } as Record<string, string>, expect: 200 },
    { name: "If-None-Match (304)", headers: { "if-none-match": etag }, expect: 304 },
  ];
  console.log("\n| request | req/s (mean) | p50 ms | p99 ms | max ms | MB/s | non-expected statuses |");
  console.log("|---|---|---|---|---|---|---|");
  for (const scenario of scenarios) {
    const result = await autocannon({ url: `${app.baseUrl}/ixf.json`, connections, duration, headers: scenario.headers });
    const other = result.non2xx - (scenario.expect === 304 ? result["3xx"] : 0) + result.errors + result.timeouts;
    console.log(
      `| ${scenario.name} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ${result.latency.max} | ${(result.throughput.average / 1e6).toFixed(1)} | ${other} |`,
    );
  }
} finally {
  await app.stop();
  await bench.drop();
  await rm(exportDir, { recursive: true, force: true });
}
