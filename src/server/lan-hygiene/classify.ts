import type { LanFindingKind } from "@/shared/enums";
import type { LanObservation } from "@/shared/validation/lan-hygiene";

/**
 * Pure: what is wrong in one watcher report, judged against the registry (registered MACs per port, allocated
 * addresses) and the POP's recent ARP/ND sightings. The one place these rules live.
 */

export interface PortConnection {
  connectionId: number;
  clientId: number;
  /** Registered MAC addresses (the allowed list), lower case. */
  macs: readonly string[];
}

export interface AddressOwner {
  clientId: number;
  asn: number;
}

export interface LanRegistry {
  /** Member ports at this POP: a tunnel interface or bridge port, with the connection(s) behind it. */
  ports: ReadonlyMap<string, readonly PortConnection[]>;
  /** Allocated peering-LAN addresses (canonical form) and their member. */
  addresses: ReadonlyMap<string, AddressOwner>;
  /** Addresses the IX uses itself (route servers, reserved ranges). */
  isIxAddress: (ip: string) => boolean;
}

/** Recent sightings at this POP (including this report's): MAC -> IPs it claimed and IP -> MACs claiming it. */
export interface RecentSightings {
  ipsOfMac: ReadonlyMap<string, ReadonlySet<string>>;
  macsOfIp: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface Finding {
  kind: LanFindingKind;
  port: string;
  mac: string;
  ip: string;
  detail: string;
  clientId: number | null;
  connectionId: number | null;
}

/** One MAC claiming this many addresses (of either family) is answering for others. */
export const PROXY_ARP_THRESHOLD = 3;

/** Link-local IPv6 is every host's own business; it never identifies a member. */
export const isLinkLocal = (ip: string) => /^fe[89ab][0-9a-f]:/i.test(ip);

function responsible(connections: readonly PortConnection[], mac: string): PortConnection | null {
  if (connections.length === 1) return connections[0]!;
  // A shared port (the OpenVPN tap): the member whose MAC it is, if anyone's.
  return connections.find((c) => c.macs.includes(mac)) ?? null;
}

export function classifyReport(observations: readonly LanObservation[], registry: LanRegistry, recent: RecentSightings): Finding[] {
  const findings = new Map<string, Finding>();
  const add = (finding: Finding) => findings.set(`${finding.kind}|${finding.port}|${finding.mac}|${finding.ip}`, finding);

  for (const o of observations) {
    const connections = registry.ports.get(o.port);
    // Frames from the mesh and other infrastructure ports are judged by the POP where they enter the LAN.
    if (!connections) continue;
    const member = responsible(connections, o.mac);
    const base = { port: o.port, mac: o.mac, clientId: member?.clientId ?? null, connectionId: member?.connectionId ?? null };

    if (!connections.some((c) => c.macs.includes(o.mac))) {
      add({ ...base, kind: "unregistered_mac", ip: "", detail: `${o.mac} is not a registered MAC address of ${connections.map((c) => `connection #${c.connectionId}`).join(" or ")}` });
    }
    if (o.frame) {
      add({ ...base, kind: "foreign_frame", ip: "", detail: `${o.frame} frames do not belong on the peering LAN` });
      continue;
    }
    if (!o.ip || isLinkLocal(o.ip)) continue;
    const ip = o.ip;
    const owner = registry.addresses.get(ip);
    if (owner && member && owner.clientId !== member.clientId) {
      add({ ...base, kind: "ip_wrong_mac", ip, detail: `${ip} belongs to AS${owner.asn}, but ${o.mac} on ${o.port} answered for it` });
    } else if (!owner && !registry.isIxAddress(ip)) {
      add({ ...base, kind: "unallocated_ip", ip, detail: `${ip} was never allocated to anyone, but ${o.mac} on ${o.port} uses it` });
    }
    const others = [...(recent.macsOfIp.get(ip) ?? [])].filter((mac) => mac !== o.mac);
    if (others.length > 0) add({ ...base, kind: "duplicate_ip", ip, detail: `${ip} is also used by ${others.sort().join(", ")}` });
    const claimed = [...(recent.ipsOfMac.get(o.mac) ?? [])].filter((address) => !isLinkLocal(address));
    if (claimed.length >= PROXY_ARP_THRESHOLD) {
      add({ ...base, kind: "proxy_arp", ip: "", detail: `${o.mac} answers for ${claimed.length} addresses: ${claimed.sort().slice(0, 8).join(", ")}` });
    }
  }
  return [...findings.values()];
}
