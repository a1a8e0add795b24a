import type { Command } from "commander";
import { getMemberByAsn, type MemberDetail } from "@/server/members/queries";
import { asnTextSchema } from "@/shared/validation/user";
import { CliError } from "../errors";
import { getDb, printJson } from "../context";

const yesNo = (value: boolean | null) => (value === null ? "never probed" : value ? "yes" : "no");
const when = (value: Date | null) => (value ? value.toISOString() : "-");

export function formatMember(member: MemberDetail): string {
  const { client } = member;
  const lines = [
    `${client.name} (client #${client.id}, ${client.state})`,
    `  website: ${client.website ?? "-"}`,
    `  contact: ${client.contactName ?? "-"} <${client.contactEmail}>${client.contactPrivate ? " (private)" : ""}`,
    `  peering policy: ${client.peeringPolicy}`,
    "",
    "ASNs:",
  ];
  for (const asn of member.asns) {
    lines.push(
      `  AS${asn.asn}  as-set ${asn.asSet ?? "-"}  max-prefix v4 ${asn.maxPrefixV4 ?? "default"} v6 ${asn.maxPrefixV6 ?? "default"}  rs-client ${asn.rsClient ? "yes" : "no"}  blackholing ${asn.blackholeOptIn ? "yes" : "no"}`,
    );
    for (const ip of asn.ips) {
      lines.push(
        `    ${ip.address.padEnd(28)} ${ip.state.padEnd(14)} provisioned ${ip.provisioned ? "yes" : "no "}  monitor ${ip.monitor ? "yes" : "no "}  pingable ${yesNo(ip.pingable)}  bgp ${ip.rsSession}${ip.rsSessionDownSince ? ` (down since ${when(ip.rsSessionDownSince)})` : ""}`,
      );
    }
  }
  lines.push("", "Connections:");
  for (const c of member.connections) {
    lines.push(
      `  #${c.id} ${c.type.padEnd(8)} at ${c.locationCode} (${c.locationName})  tunnel id ${c.tunnelId ?? "-"}  endpoint ${c.remoteEndpoint ?? "-"}  ${c.state}`,
    );
  }
  if (member.connections.length === 0) lines.push("  none");
  return lines.join("\n");
}

export function registerMemberCommands(program: Command): void {
  const member = program.command("member").description("members (clients, ASNs, IPs, connections)");

  member
    .command("show <asn>")
    .description("the whole picture of the member that owns this ASN")
    .option("--json", "machine-readable output")
    .action(async (asnText: string, options: { json?: boolean }) => {
      const asn = asnTextSchema.parse(asnText);
      const detail = await getMemberByAsn(getDb(), asn);
      if (!detail) throw new CliError(`no member has AS${asn}`);
      if (options.json) printJson(detail);
      else console.log(formatMember(detail));
    });
}
