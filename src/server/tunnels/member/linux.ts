import { commentText, shellQuote } from "../text";
import type { ConfigSnippet, MemberAddress, MemberConfigInput } from "./model";
import { tunnelFacts } from "./tunnel-endpoints";

/** Pure: Linux iproute2 commands for the member's end of a VXLAN or EoIP tunnel. */

/** `replace` where the commands may run again on a device that already has the addresses. */
export function addressCommands(addresses: readonly MemberAddress[], device: string, verb: "add" | "replace" = "add"): string[] {
  return addresses.map((a) => `ip ${a.family === 6 ? "-6 " : ""}address ${verb} ${a.address}/${a.prefixLength} dev ${shellQuote(device)}`);
}

export function linuxTunnelSnippet(input: MemberConfigInput): ConfigSnippet {
  const facts = tunnelFacts(input);
  const dev = shellQuote(facts.name);
  const header = `# ${commentText(input.ixShortName)} at ${commentText(input.pop.code)}: ${input.connection.type === "vxlan" ? "VXLAN" : "EoIP"} tunnel ${facts.tunnelId} (run as root)`;
  const create =
    input.connection.type === "vxlan"
      ? [`ip link add ${dev} type vxlan id ${facts.tunnelId} remote ${facts.popEndpoint} local ${facts.memberEndpoint} dstport ${facts.udpPort}`]
      : [
          "# needs a MikroTik-compatible EoIP tool such as https://github.com/Nat-Lab/eoip",
          `eoip -${facts.family} ${dev} local ${facts.memberEndpoint} remote ${facts.popEndpoint} id ${facts.tunnelId} &`,
          "sleep 1",
        ];
  return {
    id: "linux",
    title: "Linux (iproute2)",
    language: "shell",
    text: [header, ...create, ...addressCommands(input.addresses, facts.name), `ip link set ${dev} up`, ""].join("\n"),
  };
}
