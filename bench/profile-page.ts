/**
 * Where the server's CPU goes for one page: seeds N demo members, starts the built app under
 * `node --cpu-prof`, loads the page with 10 clients for a few seconds, stops the app (which writes the
 * profile) and prints the functions with the most self time, and the files (packages) they belong to.
 *
 *   npx tsx bench/profile-page.ts [--members N] [--seconds N] [--path /peers] [--out DIR]
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { startApp, WEB_NODE_FLAGS } from "../tests/helpers/app";
import { createBenchDatabase } from "./bench-db";

const flag = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const members = Number(flag("members", "1000"));
const seconds = Number(flag("seconds", "10"));
const path = flag("path", "/peers");
const out = flag("out", "/tmp/ixp-cpu-profile");

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function and per source file (node_modules package or app chunk), in ms. */
function summarise(profile: Profile, top = 40) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    total += ms;
    const file = url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\.next\//, ".next/") || "(native)";
    byFunction.set(`${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`, (byFunction.get(`${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`) ?? 0) + ms);
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  }
  const show = (map: Map<string, number>) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, top).forEach(([name, ms]) => console.log(`${((100 * ms) / total).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms  ${name}`));
  console.log(`\nsampled ${total.toFixed(0)} ms\n\n## self time by function`);
  show(byFunction);
  console.log("\n## self time by file");
  show(byFile);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const bench = await createBenchDatabase(`profile${members}`, members);
let requests = 0;
try {
  const app = await startApp({ DATABASE_URL: bench.url, LOG_LEVEL: "warn" }, { nodeArgs: [...WEB_NODE_FLAGS, "--cpu-prof", `--cpu-prof-dir=${out}`] });
  try {
  const options = { url: `${app.url}${path}`, connections: 10, headers: { "accept-encoding": "gzip" } };
  await autocannon({ ...options, duration: 2 });
  const result = await autocannon({ ...options, duration: seconds });
  requests = result.requests.total;
  console.log(`${path} at ${members} members: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ${result.non2xx + result.errors} failures`);
  } finally {
    await app.stop(); // the server writes its profile as it exits
  }
} finally {
  await bench.drop();
}
// The server process writes the largest profile (the CLI parent, if any, a small one).
const files = readdirSync(out).filter((name) => name.endsWith(".cpuprofile"));
const largest = files.map((name) => join(out, name)).sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
if (!largest) throw new Error(`no profile written to ${out}`);
console.log(`profile: ${largest} (${requests} requests after the warm-up; the profile includes it)`);
summarise(JSON.parse(readFileSync(largest, "utf8")) as Profile);
