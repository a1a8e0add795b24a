/**
 * Route-server generator at 1,000 and 10,000 members with IRR prefix lists of realistic size,
 * then `bird -p -c` on the 1,000-member config and BIRD's memory with it loaded.
 * Run as root (BIRD runs in a throwaway network namespace): npx tsx bench/routeserver-render.ts
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BirdClient } from "@/server/routeserver/bird-client";
import { renderOptionsSchema, type MemberSessionRow } from "@/server/routeserver/model";
import { renderRouteServerConfig } from "@/server/routeserver/render";

/** Most members announce a handful of prefixes, a few announce thousands (as on real IXes). */
function prefixCount(i: number): number {
  const roll = (i * 7919) % 100;
  if (roll < 70) return 1 + (i % 10);
  if (roll < 95) return 10 + (i % 90);
  return 500 + ((i * 31) % 1500);
}

function members(count: number): MemberSessionRow[] {
  const rows: MemberSessionRow[] = [];
  let block = 0;
  for (let i = 0; i < count; i++) {
    const asn = 30000 + i;
    const n = prefixCount(i);
    const v4 = Array.from({ length: n }, () => {
      const b = block++;
      return { prefix: `${11 + Math.floor(b / 65536)}.${Math.floor(b / 256) % 256}.${b % 256}.0/24` };
    });
    const v6 = Array.from({ length: Math.max(1, Math.floor(n / 4)) }, (_, k) => ({ prefix: `2a0${1 + (i % 8)}:${(i >> 4).toString(16)}:${k.toString(16)}::/48` }));
    const host = i + 32;
    const common = { asn, clientName: `Member ${i} Networks`, asSet: `AS${asn}:AS-CUSTOMERS`, maxPrefixV4: n * 2, maxPrefixV6: n, blackholeOptIn: i % 5 === 0, asnAddresses: [], irrOriginAsns: [asn, 60000 + (i % 50)] };
    rows.push({ ...common, ipId: 2 * i + 1, family: 4, address: `100.${64 + (host >> 16)}.${(host >> 8) & 255}.${host & 255}`, irrPrefixes: v4 });
    rows.push({ ...common, ipId: 2 * i + 2, family: 6, address: `2001:7f8:1::${host.toString(16)}`, irrPrefixes: v6 });
  }
  return rows;
}

const options = renderOptionsSchema.parse({ lanPrefixes: ["100.64.0.0/10", "2001:7f8:1::/64"] });
const routeServer = { name: "rs1", asn: 64500, routerId: "100.64.0.1", ipv4Address: "100.64.0.1", ipv6Address: "2001:7f8:1::1" };

function timeRender(count: number) {
  const input = { routeServer, members: members(count), options };
  const prefixes = input.members.reduce((sum, m) => sum + (m.irrPrefixes?.length ?? 0), 0);
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

const dir = mkdtempSync(join(tmpdir(), "ixp-bench-rs-"));
const namespace = `ixpbench${process.pid}`;
try {
  const config1k = timeRender(1_000);
  timeRender(10_000);
  const path = join(dir, "rs1.conf");
  writeFileSync(path, config1k);
  let start = performance.now();
  execFileSync("bird", ["-p", "-c", path]);
  console.log(`bird -p -c, 1,000 members: ${((performance.now() - start) / 1000).toFixed(2)} s`);

  execFileSync("ip", ["netns", "add", namespace]);
  const socket = join(dir, "bird.ctl");
  const bird = spawn("ip", ["netns", "exec", namespace, "bird", "-f", "-c", path, "-s", socket, "-P", join(dir, "bird.pid")], { stdio: "ignore" });
  try {
    let client: BirdClient | undefined;
    for (let attempt = 0; attempt < 600 && !client; attempt++) {
      client = await BirdClient.connect({ controlSocket: socket }).catch(() => undefined);
      if (!client) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!client) throw new Error("BIRD did not start");
    const memory = await client.command("show memory");
    console.log("BIRD show memory with the 1,000-member config loaded:");
    for (const line of memory) if (line.text.trim()) console.log(`  ${line.text.trim()}`);
    start = performance.now();
    const reply = await client.command(`configure "${path}"`, 300_000);
    console.log(`birdc configure (same config, full re-parse): ${((performance.now() - start) / 1000).toFixed(2)} s (${reply.at(-1)?.text})`);
    client.close();
  } finally {
    bird.kill("SIGTERM");
  }
} finally {
  execFileSync("ip", ["netns", "delete", namespace], { stdio: "ignore" });
  rmSync(dir, { recursive: true, force: true });
}
