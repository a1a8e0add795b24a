import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BirdClient } from "@/server/routeserver/bird-client";
import { createNamespace, run, type Namespace } from "./netns";

/** A real BIRD 2 daemon in a namespace, with its own socket and pidfile in a temp dir. */
export interface BirdInstance {
  socket: string;
  configPath: string;
  namespace: Namespace;
  client(): Promise<BirdClient>;
  stop(): void;
}

export async function startBird(namespace: Namespace, name: string, config: string): Promise<BirdInstance> {
  const dir = mkdtempSync(join(tmpdir(), `ixp-bird-${name}-`));
  const configPath = join(dir, "bird.conf");
  const socket = join(dir, "bird.ctl");
  writeFileSync(configPath, config);
  const child: ChildProcess = spawn("ip", ["netns", "exec", namespace.name, "bird", "-f", "-c", configPath, "-s", socket, "-P", join(dir, "bird.pid")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const instance: BirdInstance = {
    socket,
    configPath,
    namespace,
    client: () => BirdClient.connect({ controlSocket: socket }),
    stop: () => {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`bird ${name} exited: ${stderr}`);
    try {
      (await instance.client()).close();
      return instance;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  instance.stop();
  throw new Error(`bird ${name} did not open its control socket: ${stderr}`);
}

export interface LanPort {
  namespace: Namespace;
  ipv4: string;
  ipv6?: string;
}

/** A peering LAN: one bridge in a hub namespace, one namespace per router with eth0 on the bridge. */
export function createLan(hostCount: number, ipv4: (i: number) => string, ipv6: (i: number) => string): { hub: Namespace; ports: LanPort[]; remove(): void } {
  const hub = createNamespace("hub");
  const ports: LanPort[] = [];
  try {
    run("ip", ["-n", hub.name, "link", "add", "br0", "type", "bridge"]);
    run("ip", ["-n", hub.name, "link", "set", "br0", "up"]);
    for (let i = 0; i < hostCount; i++) {
      const namespace = createNamespace(`r${i}`);
      ports.push({ namespace, ipv4: ipv4(i), ipv6: ipv6(i) });
      run("ip", ["-n", hub.name, "link", "add", `p${i}`, "type", "veth", "peer", "name", "eth0", "netns", namespace.name]);
      run("ip", ["-n", hub.name, "link", "set", `p${i}`, "master", "br0", "up"]);
      run("ip", ["-n", namespace.name, "addr", "add", `${ipv4(i)}/24`, "dev", "eth0"]);
      run("ip", ["-n", namespace.name, "addr", "add", `${ipv6(i)}/64`, "dev", "eth0", "nodad"]);
      run("ip", ["-n", namespace.name, "link", "set", "eth0", "up"]);
    }
  } catch (error) {
    for (const port of ports) port.namespace.remove();
    hub.remove();
    throw error;
  }
  return {
    hub,
    ports,
    remove: () => {
      for (const port of ports) port.namespace.remove();
      hub.remove();
    },
  };
}

export interface ShownRoute {
  prefix: string;
  path: number[];
  largeCommunities: string[];
  communities: string[];
  localPref: number | null;
  nextHop: string | null;
}

/** Parses `show route ... all` replies (1007 route lines, 1008/1012 attribute lines). */
export async function showRoutes(client: BirdClient, command: string): Promise<ShownRoute[]> {
  const lines = await client.command(command);
  const routes: ShownRoute[] = [];
  let current: ShownRoute | undefined;
  for (const { code, text } of lines) {
    if (code === 1007 && /^Table /.test(text)) {
      current = undefined;
    } else if (code === 1007 && /^\S/.test(text)) {
      current = { prefix: text.split(/\s/)[0]!, path: [], largeCommunities: [], communities: [], localPref: null, nextHop: null };
      routes.push(current);
    } else if (code === 1007 && current && /^\s+(unicast|blackhole|unreachable|prohibited)\s+\[/.test(text)) {
      // A second route for the same prefix repeats no prefix.
      current = { prefix: current.prefix, path: [], largeCommunities: [], communities: [], localPref: null, nextHop: null };
      routes.push(current);
    } else if (current) {
      const [key, ...rest] = text.trim().split(":");
      const value = rest.join(":").trim();
      if (key === "BGP.as_path") current.path = value.split(/\s+/).filter(Boolean).map(Number);
      if (key === "BGP.large_community") current.largeCommunities = value.match(/\(\d+, \d+, \d+\)/g) ?? [];
      if (key === "BGP.community") current.communities = value.match(/\(\d+,\d+\)/g) ?? [];
      if (key === "BGP.local_pref") current.localPref = Number(value);
      if (key === "BGP.next_hop") current.nextHop = value.split(/\s+/)[0] ?? null;
    }
  }
  return routes;
}
