import { isIP } from "node:net";

/** The tunnel server as it is, read from iproute2's JSON output. */

export interface LiveInterface {
  name: string;
  /** linkinfo.info_kind: "vxlan", "tun", "bridge", "veth", ... or "" for plain devices. */
  kind: string;
  alias: string;
  master: string | null;
  up: boolean;
  vxlan?: { vni: number; port: number; remote: string | null; local: string | null; learning: boolean };
  tap?: boolean;
  /** As a bridge port: MAC learning and the "locked" flag (only MACs with a static FDB entry may send). */
  bridgePort?: { learning: boolean; locked: boolean };
}

export interface LiveState {
  interfaces: Map<string, LiveInterface>;
  /** All-zero FDB destinations (head-end replication) per VXLAN device that was asked about. */
  flood: Map<string, string[]>;
  /** Static bridge FDB entries (the MAC filter's allowed list) per port. */
  staticMacs: Map<string, string[]>;
}

/** One textual form per address, so "2001:db8::0:1" and "2001:db8::1" compare equal. */
export function canonicalIp(address: string): string {
  if (isIP(address) === 6) return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  return address;
}

interface IpLinkJson {
  ifname: string;
  ifalias?: string;
  master?: string;
  flags?: string[];
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown>; info_slave_kind?: string; info_slave_data?: { learning?: boolean; locked?: boolean } };
}

export function parseLinks(json: string): Map<string, LiveInterface> {
  const result = new Map<string, LiveInterface>();
  for (const link of JSON.parse(json) as IpLinkJson[]) {
    const kind = link.linkinfo?.info_kind ?? "";
    const data = link.linkinfo?.info_data ?? {};
    const item: LiveInterface = { name: link.ifname, kind, alias: link.ifalias ?? "", master: link.master ?? null, up: (link.flags ?? []).includes("UP") };
    if (kind === "vxlan") {
      const remote = (data.remote ?? data.remote6 ?? null) as string | null;
      const local = (data.local ?? data.local6 ?? null) as string | null;
      item.vxlan = { vni: Number(data.id), port: Number(data.port), remote: remote && canonicalIp(remote), local: local && canonicalIp(local), learning: data.learning !== false };
    }
    if (kind === "tun") item.tap = data.type === "tap";
    const port = link.linkinfo?.info_slave_kind === "bridge" ? link.linkinfo.info_slave_data : undefined;
    if (port) item.bridgePort = { learning: port.learning !== false, locked: port.locked === true };
    result.set(item.name, item);
  }
  return result;
}

export function parseFloodEntries(json: string): string[] {
  const entries = JSON.parse(json || "[]") as { mac?: string; dst?: string }[];
  return entries.filter((e) => e.mac === "00:00:00:00:00:00" && e.dst).map((e) => canonicalIp(e.dst!)).sort();
}

/** `bridge -j fdb show br <bridge>`: the static entries per port (learned and the ports' own permanent ones left out). */
export function parseStaticMacs(json: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const entry of JSON.parse(json || "[]") as { mac?: string; ifname?: string; master?: string; state?: string }[]) {
    if (entry.state !== "static" || !entry.master || !entry.mac || !entry.ifname) continue;
    result.set(entry.ifname, [...(result.get(entry.ifname) ?? []), entry.mac.toLowerCase()].sort());
  }
  return result;
}
