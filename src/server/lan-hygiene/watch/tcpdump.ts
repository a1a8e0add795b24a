/**
 * Pure: what one line of `tcpdump -l -e -n -t` says about the sender. The kernel's BPF filter below picks the
 * frames (ARP, neighbour solicitations/advertisements, anything not IP/ARP, DHCP); this only reads tcpdump's text.
 */

export const TCPDUMP_FILTER =
  "arp or (icmp6 and (ip6[40] == 135 or ip6[40] == 136)) or not (arp or ip or ip6 or vlan) or (udp and (port 67 or port 68 or port 546 or port 547))";

export function tcpdumpCommand(bridge: string): [string, ...string[]] {
  return ["tcpdump", "-l", "-e", "-n", "-t", "-i", bridge, TCPDUMP_FILTER];
}

export type TcpdumpSighting = { mac: string; ip: string } | { mac: string; frame: string };

const MAC = "([0-9a-f]{2}(?::[0-9a-f]{2}){5})";
const HEAD = new RegExp(`^${MAC} > ${MAC}, (.*)$`);

function frameName(rest: string): string | null {
  if (/BOOTP\/DHCP/.test(rest)) return "DHCP";
  if (/dhcp6/i.test(rest)) return "DHCPv6";
  if (/^802\.3\b/.test(rest)) return `802.3 ${/dsap (\S+)/.exec(rest)?.[1] ?? "LLC"}`.trim();
  const ethertype = /^ethertype (\S+ \(0x[0-9a-f]{4}\))/.exec(rest)?.[1];
  if (ethertype && !/^(IPv4|IPv6|ARP) /.test(ethertype)) return ethertype;
  return null;
}

export function parseTcpdumpLine(line: string): TcpdumpSighting | null {
  const head = HEAD.exec(line.trim());
  if (!head) return null;
  const [, mac, , rest] = head as unknown as [string, string, string, string];
  // ARP: a request names its sender ("tell"), a reply the address it answers for ("X is-at").
  const arp = /ARP .*?: (?:Request who-has \S+ tell (\S+?),|Reply (\S+) is-at)/.exec(rest);
  if (arp) return arp[1] === "0.0.0.0" ? null : { mac, ip: (arp[1] ?? arp[2])! };
  // ND: an advertisement claims its target; a solicitation its source (unless it is "::", during DAD).
  const advertisement = /ICMP6, neighbor advertisement, tgt is ([0-9a-f:]+)/.exec(rest);
  if (advertisement) return { mac, ip: advertisement[1]! };
  const solicitation = /: ([0-9a-f:]+) > [0-9a-f:]+: ICMP6, neighbor solicitation/.exec(rest);
  if (solicitation) return solicitation[1] === "::" ? null : { mac, ip: solicitation[1]! };
  const frame = frameName(rest);
  return frame ? { mac, frame } : null;
}

/** `bridge -j fdb show br <bridge>`: which port each learned MAC sits behind (the bridge's own entries left out). */
export function parseFdb(json: string, bridge: string): Map<string, string> {
  const ports = new Map<string, string>();
  for (const entry of JSON.parse(json || "[]") as { mac?: string; ifname?: string; master?: string }[]) {
    if (entry.mac && entry.ifname && entry.master === bridge) ports.set(entry.mac.toLowerCase(), entry.ifname);
  }
  return ports;
}
