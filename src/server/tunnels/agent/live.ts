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
}

export interface LiveState {
  interfaces: Map<string, LiveInterface>;
  /** All-zero FDB destinations (head-end replication) per VXLAN device that was asked about. */
  flood: Map<string, string[]>;
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
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown> };
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
    result.set(item.name, item);
  }
  return result;
}

export function parseFloodEntries(json: string): string[] {
  const entries = JSON.parse(json || "[]") as { mac?: string; dst?: string }[];
  return entries.filter((e) => e.mac === "00:00:00:00:00:00" && e.dst).map((e) => canonicalIp(e.dst!)).sort();
}
