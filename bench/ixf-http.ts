/**
 * /ixf.json throughput and latency against the production build (target: over 1,000 requests/s
 * for the cached export on a 2-core machine), and the same handler behind a bare node:http server
 * to show how much of the cost is Next.js itself. Needs `next build` first.
 * Run: npx tsx bench/ixf-http.ts [members] [seconds]
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { createDb, createPool } from "@/server/db/client";
import { ixfResponse } from "@/server/ixf/http";
import { startApp } from "../tests/helpers/app";
import { createBenchDatabase } from "./bench-db";

/** What startApp runs: the web entry with one server process (tables before it said `next start`). */
const WEB = "web (1 process)";

const members = Number(process.argv[2] ?? 1000);
const duration = Number(process.argv[3] ?? 10);
const connections = 50;

/** The route handler alone, without Next.js: a node:http server that calls ixfResponse. */
async function startBareHandler(databaseUrl: string, path: string) {
  const pool = createPool(databaseUrl, 2);
  const db = createDb(pool);
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const response = await ixfResponse(new Request(`http://127.0.0.1${req.url}`, { headers }), path, () => db);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}

const bench = await createBenchDatabase(`http${members}`, members);
const exportDir = await mkdtemp(join(tmpdir(), "ixpbench-ixf-"));
const exportPath = join(exportDir, "ixf.json");
const app = await startApp({ DATABASE_URL: bench.url, IXF_EXPORT_PATH: exportPath, LOG_LEVEL: "warn" });
const bare = await startBareHandler(bench.url, exportPath);
try {
  const first = await fetch(`${app.url}/ixf.json`, { headers: { "Accept-Encoding": "identity" } }); // generates and stores the export
  const body = await first.arrayBuffer();
  const etag = first.headers.get("etag");
  if (first.status !== 200 || !etag) throw new Error(`GET /ixf.json answered ${first.status}`);
  console.log(`export: ${(body.byteLength / 1e6).toFixed(2)} MB for ${members} members; ${connections} connections, ${duration} s per run`);

  const scenarios = [
    { server: WEB, baseUrl: app.url, name: "full body (no validator)", headers: {} as Record<string, string>, expect: 200 },
    { server: WEB, baseUrl: app.url, name: "full body, Accept-Encoding: gzip", headers: { "accept-encoding": "gzip" }, expect: 200 },
    { server: WEB, baseUrl: app.url, name: "If-None-Match (304)", headers: { "if-none-match": etag }, expect: 304 },
    { server: "bare node:http", baseUrl: bare.baseUrl, name: "full body (no validator)", headers: {}, expect: 200 },
    { server: "bare node:http", baseUrl: bare.baseUrl, name: "If-None-Match (304)", headers: { "if-none-match": etag }, expect: 304 },
  ];
  console.log("\n| server | request | req/s (mean) | p50 ms | p99 ms | max ms | MB/s | errors or other statuses |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const scenario of scenarios) {
    const result = await autocannon({ url: `${scenario.baseUrl}/ixf.json`, connections, duration, headers: scenario.headers });
    const other = result.non2xx - (scenario.expect === 304 ? result["3xx"] : 0) + result.errors + result.timeouts;
    console.log(
      `| ${scenario.server} | ${scenario.name} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ${result.latency.max} | ${(result.throughput.average / 1e6).toFixed(1)} | ${other} |`,
    );
  }
} finally {
  await bare.stop();
  await app.stop();
  await bench.drop();
  await rm(exportDir, { recursive: true, force: true });
}
