import type { LanFindingKind } from "./enums";

/** How each LAN finding is named to people (admin dashboard, portal, CLI, email) and what the member should do. */
export const LAN_FINDING_LABELS: Record<LanFindingKind, { title: string; advice: string }> = {
  unregistered_mac: {
    title: "unregistered MAC address",
    advice: "Register the MAC address of your router's IX interface on your connection in the portal, or stop sending from this one. Only registered MAC addresses belong on the peering LAN; a POP may drop frames from any other.",
  },
  ip_wrong_mac: {
    title: "address of another member",
    advice: "Your router uses (or answers ARP/ND for) an address that belongs to another member. Use only the addresses the IX allocated to you.",
  },
  unallocated_ip: {
    title: "address never allocated",
    advice: "Your router uses an address on the peering LAN that the IX never allocated. Use only the addresses shown in the portal.",
  },
  duplicate_ip: {
    title: "duplicate address",
    advice: "More than one MAC address uses this IP address on the peering LAN. Check that only one router interface has it.",
  },
  proxy_arp: {
    title: "proxy-ARP",
    advice: "One MAC address answers ARP/ND for many addresses. Turn off proxy-ARP (and proxy-ND) on your IX interface.",
  },
  foreign_frame: {
    title: "frames that do not belong on an IX",
    advice: "Only IPv4, IPv6, ARP and neighbour discovery belong on the peering LAN. Turn off spanning tree, LLDP/CDP, DHCP and similar protocols on your IX interface.",
  },
};
