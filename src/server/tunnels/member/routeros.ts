import { quotedString } from "../text";
import type { ConfigSnippet, MemberConfigInput } from "./model";
import { tunnelFacts } from "./tunnel-endpoints";

/** Pure: MikroTik RouterOS 7 commands for the member's end of a VXLAN or EoIP tunnel. */

export function routerosTunnelSnippet(input: MemberConfigInput): ConfigSnippet {
  const facts = tunnelFacts(input);
  const comment = `comment=${quotedString(`${input.ixShortName} ${input.pop.code}`)}`;
  const tunnel =
    input.connection.type === "vxlan"
      ? [`/interface vxlan add name=${facts.name} vni=${facts.tunnelId} port=${facts.udpPort} ${comment}`, `/interface vxlan vteps add interface=${facts.name} remote-ip=${facts.popEndpoint}`]
      : [`/interface ${facts.family === 6 ? "eoipv6" : "eoip"} add name=${facts.name} local-address=${facts.memberEndpoint} remote-address=${facts.popEndpoint} tunnel-id=${facts.tunnelId} ${comment}`];
  const addresses = input.addresses.map((a) => (a.family === 4 ? `/ip address add address=${a.address}/${a.prefixLength} interface=${facts.name}` : `/ipv6 address add address=${a.address}/${a.prefixLength} interface=${facts.name} advertise=no`));
  return { id: "routeros", title: "MikroTik RouterOS 7", language: "routeros", text: [...tunnel, ...addresses, ""].join("\n") };
}
