import { TUNNEL_TYPE_LABELS } from "@/shared/enums";
import { parseLocationParams } from "../params";
import { commentText } from "../text";
import { birdSnippet, frrSnippets } from "./bgp";
import { addressCommands, linuxTunnelSnippet } from "./linux";
import type { ConfigSnippet, MemberConfigInput } from "./model";
import { openvpnSnippet } from "./openvpn";
import { routerosTunnelSnippet } from "./routeros";
import { zerotierSnippet } from "./zerotier";

/** Pure: every copy-paste snippet for one connection, tunnel first, then BGP. */

function portSnippet(input: MemberConfigInput): ConfigSnippet {
  const type = input.connection.type as "local" | "custom";
  const offered = parseLocationParams(type, input.pop.tunnelTypes[type], `POP ${input.pop.code}`);
  const description = type === "custom" && "description" in offered && offered.description ? `\n# ${commentText(offered.description)}` : "";
  return {
    id: "port",
    title: `${TUNNEL_TYPE_LABELS[type]} at ${input.pop.code}`,
    language: "shell",
    text: `# ${TUNNEL_TYPE_LABELS[type]} at ${commentText(input.pop.name)}: configure your port facing the IX (Linux example, replace eth0)${description}\n${addressCommands(input.addresses, "eth0").join("\n")}\n`,
  };
}

function tunnelSnippets(input: MemberConfigInput): ConfigSnippet[] {
  switch (input.connection.type) {
    case "vxlan":
    case "eoip":
      return [linuxTunnelSnippet(input), routerosTunnelSnippet(input)];
    case "openvpn":
      return [openvpnSnippet(input)];
    case "zerotier":
      return [zerotierSnippet(input)];
    case "local":
    case "custom":
      return [portSnippet(input)];
  }
}

export function renderMemberConfigurations(input: MemberConfigInput): ConfigSnippet[] {
  const bgp = input.addresses.length > 0 && input.routeServers.length > 0 ? [birdSnippet(input), ...frrSnippets(input)] : [];
  return [...tunnelSnippets(input), ...bgp];
}
