import { isIP } from "node:net";
import { memberInterfaceName } from "../names";
import { parseLocationParams, TunnelConfigError } from "../params";
import type { IssuedCertificate } from "../pki/openvpn-ca";
import { certificateNames } from "../pki/openvpn-ca";
import { commentText } from "../text";
import { addressCommands } from "./linux";
import type { ConfigSnippet, MemberConfigInput } from "./model";

/** Pure: the member's OpenVPN tap client profile with inline certificates, and the portal's note about it. */

/**
 * OpenVPN creates the tap only once connected, so the profile's up script (run by openvpn as root when the
 * tap opens) brings it up with the member's addresses; `replace` keeps a reopened tap working.
 * Device names and canonical addresses need no quoting inside the single quotes.
 */
function upScript(input: MemberConfigInput, dev: string): string[] {
  const commands = [`ip link set ${dev} up`, ...addressCommands(input.addresses, dev, "replace")];
  return ["script-security 2", `up "/bin/sh -c 'PATH=/usr/sbin:/usr/bin:/sbin:/bin; ${commands.join(" && ")}'"`];
}

export function openvpnClientProfile(input: MemberConfigInput, caCertificatePem: string, member: IssuedCertificate): string {
  const { pop } = input;
  const params = parseLocationParams("openvpn", pop.tunnelTypes.openvpn, `POP ${pop.code}`);
  const endpoint = pop.endpointIpv4 ?? pop.endpointIpv6;
  if (!endpoint) throw new TunnelConfigError(`POP ${pop.code} has no public endpoint`);
  const dev = memberInterfaceName(pop.code);
  return [
    `# ${commentText(input.ixShortName)} at ${commentText(pop.code)}: OpenVPN tap profile for connection #${input.connection.id}.`,
    "# Keep this file private: it holds your private key.",
    "client",
    `dev ${dev}`,
    "dev-type tap",
    ...upScript(input, dev),
    `proto ${params.protocol}`,
    ...[pop.endpointIpv4, pop.endpointIpv6].filter((a): a is string => a !== null && isIP(a) !== 0).map((a) => `remote ${a} ${params.port}`),
    "nobind",
    "persist-key",
    "persist-tun",
    "remote-cert-tls server",
    `verify-x509-name ${certificateNames.server(pop.code)} name`,
    "verb 3",
    "<ca>",
    caCertificatePem.trim(),
    "</ca>",
    "<cert>",
    member.certificatePem.trim(),
    "</cert>",
    "<key>",
    member.keyPem.trim(),
    "</key>",
    "",
  ].join("\n");
}

export function openvpnProfileFilename(input: Pick<MemberConfigInput, "ixShortName" | "pop" | "connection">): string {
  return `${input.ixShortName}-${input.pop.code}-${input.connection.id}.ovpn`.toLowerCase().replace(/[^a-z0-9.-]+/g, "-");
}

export function openvpnSnippet(input: MemberConfigInput): ConfigSnippet {
  const dev = memberInterfaceName(input.pop.code);
  return {
    id: "openvpn",
    title: "OpenVPN client (Linux)",
    language: "shell",
    text: [
      "# Download your profile (it contains your private key), then, as root:",
      `openvpn --config ${openvpnProfileFilename(input)} --daemon`,
      `# Once connected, the profile's up script brings ${dev} up with ${input.addresses.map((a) => `${a.address}/${a.prefixLength}`).join(" and ") || "your addresses"}.`,
      "",
    ].join("\n"),
    download: { href: input.openvpnDownloadHref, filename: openvpnProfileFilename(input) },
  };
}
