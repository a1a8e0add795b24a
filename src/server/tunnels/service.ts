import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Executor } from "@/server/db/client";
import { env } from "@/server/env";
import { loadLiveConnections, loadPops, tunnelSettings } from "./load";
import type { PopRow } from "./model";
import { TunnelConfigError } from "./params";
import { certificateNames, ensureCa, issueCertificate } from "./pki/openvpn-ca";
import { renderPopFiles, type PopPki, type RenderedFile } from "./render";

/** Loads rows, issues the POP's OpenVPN server certificate when needed, renders one POP. */

async function popPki(pop: PopRow, secretsDir: string): Promise<PopPki | null> {
  if (pop.tunnelTypes.openvpn === undefined) return null;
  const ca = await ensureCa(secretsDir);
  return { caCertificatePem: ca.certificatePem, server: await issueCertificate(secretsDir, certificateNames.server(pop.code), "server") };
}

export async function renderTunnels(db: Executor, locationCode: string, secretsDir = env().SECRETS_DIR): Promise<RenderedFile[]> {
  const pops = await loadPops(db);
  const pop = pops.find((p) => p.code.toLowerCase() === locationCode.toLowerCase());
  if (!pop) throw new TunnelConfigError(`no POP with code ${JSON.stringify(locationCode)}`);
  const connections = await loadLiveConnections(db, [pop.id]);
  return renderPopFiles(pop, pops, connections, tunnelSettings(), await popPki(pop, secretsDir));
}

/** Replaces DIR's contents with the rendered files, so a removed member's files disappear too. */
export async function writeRenderedFiles(dir: string, files: readonly RenderedFile[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const sub of ["openvpn", "eoip"]) await rm(path.join(dir, sub), { recursive: true, force: true });
  for (const file of files) {
    const target = path.join(dir, file.path);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
    await writeFile(target, file.content, { mode: file.mode });
  }
}
