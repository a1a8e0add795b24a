/**
 * Route-server generator at 1,000 and 10,000 members with IRR prefix lists of realistic size,
 * then `bird -p -c` on both configs and BIRD's memory with each loaded (total and per member).
 * Run as root (BIRD runs in a throwaway network namespace): npx tsx bench/routeserver-render.ts
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BirdClient } from "@/server/routeserver/bird-client";
import { irrPrefixList, renderOptionsSchema } from "@/server/routeserver/model";
import { renderRouteServerConfig } from "@/server/routeserver/render";
import { BENCH_ROUTE_SERVER, syntheticMembers } from "../tests/helpers/synthetic-ix";

const options = renderOptionsSchema.parse({ lanPrefixes: BENCH_ROUTE_SERVER.lanPrefixes });
const routeServer = BENCH_ROUTE_SERVER.routeServer;

function timeRender(count: number) {
  const input = { routeServer, members: syntheticMembers(count), options };
  const prefixes = input.members.reduce((sum, m) => sum + (irrPrefixList(m.irrPrefixes)?.length ?? 0), 0);
  renderRouteServerConfig(input); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  let config = "";
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    config = renderRouteServerConfig(input).config;
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    times.push(performance.now() - start);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[2]!.toFixed(0);
  // CPU time is reported too: on a shared machine wall time includes waiting for a core.
  console.log(
    `render ${count} members (${input.members.length} sessions, ${prefixes} IRR prefixes): median ${median(times)} ms wall, ${median(cpu)} ms CPU, ${(config.length / 1e6).toFixed(1)} MB`,
  );
  return config;
}

/** BIRD's `show memory` total in bytes ("Total:  23.8 MB  ..."). */
function totalBytes(lines: { text: string }[]): number {
  const match = /Total:\s+([\d.]+)\s+(B|kB|MB|GB)/.exec(lines.map((l) => l.text).join("\n"));
  if (!match) throw new Error("no total in show memory");
  return Number(match[1]) * { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[match[2] as "B" | "kB" | "MB" | "GB"];
}

/** `bird -p -c` wall and CPU time, then BIRD started on the config: `show memory` and a `configure` re-parse. */
async function parseAndLoad(count: number, config: string, dir: string) {
  const path = join(dir, `rs-${count}.conf`);
  writeFileSync(path, config);
  // GNU time reports the child's CPU time and peak memory; wall time alone misleads on a shared machine.
  const timed = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "bird", "-p", "-c", path], { encoding: "utf8" });
  if (timed.status !== 0) throw new Error(`bird -p -c failed: ${timed.stderr}`);
  const [wall, user, system, peakKb] = timed.stderr.trim().split("\n").at(-1)!.split(" ").map(Number) as [number, number, number, number];
  console.log(`bird -p -c, ${count} members: ${wall.toFixed(2)} s wall, ${(user + system).toFixed(2)} s CPU, peak RSS ${(peakKb / 1024).toFixed(0)} MB`);

  const namespace = `ixpbench${process.pid}`;
  execFileSync("ip", ["netns", "add", namespace]);
  const socket = join(dir, "bird.ctl");
  const bird = spawn("ip", ["netns", "exec", namespace, "bird", "-f", "-c", path, "-s", socket, "-P", join(dir, "bird.pid")], { stdio: "ignore" });
  try {
    let client: BirdClient | undefined;
    for (let attempt = 0; attempt < 1200 && !client; attempt++) {
      client = await BirdClient.connect({ controlSocket: socket }).catch(() => undefined);
      if (!client) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!client) throw new Error("BIRD did not start");
    const memory = await client.command("show memory");
    console.log(`BIRD show memory with the ${count}-member config loaded:`);
    for (const line of memory) if (line.text.trim()) console.log(`  ${line.text.trim()}`);
    console.log(`  per member (total / members): ${(totalBytes(memory) / count / 1024).toFixed(1)} kB`);
    const reconfigure = performance.now();
    const reply = await client.command(`configure "${path}"`, 600_000);
    console.log(`birdc configure (same config, full re-parse): ${((performance.now() - reconfigure) / 1000).toFixed(2)} s (${reply.at(-1)?.text})`);
    client.close();
  } finally {
    bird.kill("SIGTERM");
    await new Promise((resolve) => bird.once("exit", resolve));
    execFileSync("ip", ["netns", "delete", namespace], { stdio: "ignore" });
  }
}

const dir = mkdtempSync(join(tmpdir(), "ixp-bench-rs-"));
try {
  const configs = [1_000, 10_000].map((count) => [count, timeRender(count)] as const);
  for (const [count, config] of configs) await parseAndLoad(count, config, dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
