import { buildDesiredState } from "./desired";
import { LIVE_CONNECTION_STATES, type ConnectionRow, type PopRow, type TunnelSettings } from "./model";
import { eoipEnvironmentFile, eoipTunnel } from "./native/eoip";
import { openvpnCcdFiles, openvpnServerConfig } from "./native/openvpn-server";
import { parseLocationParams } from "./params";
import { certificateNames, type IssuedCertificate } from "./pki/openvpn-ca";

/** Pure: every file one POP's tunnel server needs, as relative paths with content and mode. */

export interface RenderedFile {
  path: string;
  content: string;
  /** 0o600 for private keys, 0o644 otherwise. */
  mode: number;
}

export interface PopPki {
  caCertificatePem: string;
  server: IssuedCertificate;
}

export function renderPopFiles(pop: PopRow, pops: readonly PopRow[], connections: readonly ConnectionRow[], settings: TunnelSettings, pki: PopPki | null): RenderedFile[] {
  const state = buildDesiredState(pop, pops, connections, settings);
  const files: RenderedFile[] = [{ path: "desired-state.json", content: `${JSON.stringify(state, null, 2)}\n`, mode: 0o644 }];
  const here = connections.filter((c) => c.locationId === pop.id && LIVE_CONNECTION_STATES.includes(c.state));

  if (pop.tunnelTypes.openvpn !== undefined) {
    if (!pki) throw new Error(`POP ${pop.code} offers OpenVPN: its server certificate is needed to render`);
    const params = parseLocationParams("openvpn", pop.tunnelTypes.openvpn, `POP ${pop.code}`);
    files.push(
      { path: "openvpn/server.conf", content: openvpnServerConfig(pop, params, settings.openvpnDir), mode: 0o644 },
      { path: "openvpn/ca.crt", content: pki.caCertificatePem, mode: 0o644 },
      { path: "openvpn/server.crt", content: pki.server.certificatePem, mode: 0o644 },
      { path: "openvpn/server.key", content: pki.server.keyPem, mode: 0o600 },
    );
    const members = here.filter((c) => c.type === "openvpn").map((c) => ({ commonName: certificateNames.member(c.id), connectionId: c.id, clientName: c.clientName }));
    // The ccd directory must exist even with no members, or OpenVPN refuses to start.
    files.push({ path: "openvpn/ccd/.keep", content: "", mode: 0o644 });
    for (const [name, content] of openvpnCcdFiles(members)) files.push({ path: `openvpn/ccd/${name}`, content, mode: 0o644 });
  }

  if (pop.tunnelTypes.eoip !== undefined) {
    const tunnels = here.filter((c) => c.type === "eoip").map((c) => ({ connection: c, tunnel: eoipTunnel(pop, c) }));
    for (const { connection, tunnel } of tunnels) files.push({ path: `eoip/${tunnel.interface}.env`, content: eoipEnvironmentFile(tunnel, connection), mode: 0o644 });
    files.push({ path: "eoip/tunnels.txt", content: tunnels.map(({ tunnel }) => `${tunnel.interface}\n`).join(""), mode: 0o644 });
  }
  return files;
}
