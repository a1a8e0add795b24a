import { isIP } from "node:net";
import { popEndpointFor } from "../desired";
import { memberInterfaceName } from "../names";
import { parseConnectionParams, parseLocationParams, TunnelConfigError } from "../params";
import type { MemberConfigInput } from "./model";

/** Facts every member-side tunnel snippet shares: interface name, both underlay ends, tunnel id, port. */
export function tunnelFacts(input: MemberConfigInput) {
  const { connection, pop } = input;
  const memberEndpoint = connection.remoteEndpoint ?? "";
  const family = isIP(memberEndpoint);
  if (family === 0) throw new TunnelConfigError(`connection #${connection.id}: remote endpoint ${JSON.stringify(memberEndpoint)} is not an IP address`);
  if (connection.tunnelId === null) throw new TunnelConfigError(`connection #${connection.id} has no tunnel id yet`);
  const udpPort =
    connection.type === "vxlan"
      ? (parseConnectionParams("vxlan", connection.params, `connection #${connection.id}`).udpPort ?? parseLocationParams("vxlan", pop.tunnelTypes.vxlan, `POP ${pop.code}`).udpPort)
      : null;
  return { name: memberInterfaceName(pop.code), memberEndpoint, popEndpoint: popEndpointFor(pop, memberEndpoint), family: family as 4 | 6, tunnelId: connection.tunnelId, udpPort };
}
