import { parseLocationParams } from "../params";
import type { ConfigSnippet, MemberConfigInput } from "./model";

/** Pure: joining the IX's ZeroTier network; the controller assigns the member's peering-LAN addresses. */
export function zerotierSnippet(input: MemberConfigInput): ConfigSnippet {
  const { networkId } = parseLocationParams("zerotier", input.pop.tunnelTypes.zerotier, `POP ${input.pop.code}`);
  return {
    id: "zerotier",
    title: "ZeroTier",
    language: "shell",
    text: [
      `zerotier-cli join ${networkId}`,
      `zerotier-cli set ${networkId} allowManaged=1`,
      `# The IX authorises node ${input.connection.remoteEndpoint ?? "(your node id)"} and assigns: ${input.addresses.map((a) => a.address).join(", ") || "no addresses yet"}`,
      "",
    ].join("\n"),
  };
}
