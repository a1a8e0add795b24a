import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, ips, peeringLans, routeServers } from "@/server/db/schema";
import { env } from "@/server/env";
import { loadConnection, loadPops } from "../load";
import { LIVE_CONNECTION_STATES } from "../model";
import { TunnelConfigError } from "../params";
import { certificateNames, ensureCa, issueCertificate } from "../pki/openvpn-ca";
import type { ConfigSnippet, MemberAddress, MemberConfigInput } from "./model";
import { openvpnClientProfile, openvpnProfileFilename } from "./openvpn";
import { renderMemberConfigurations } from "./render";

/** The portal's entry points: snippets for one connection, and the OpenVPN profile download. */

export const openvpnDownloadPath = (connectionId: number) => `/portal/connections/${connectionId}/openvpn`;

async function loadMemberConfigInput(db: Executor, connectionId: number): Promise<MemberConfigInput> {
  const connection = await loadConnection(db, connectionId);
  if (!connection) throw new TunnelConfigError(`no connection #${connectionId}`);
  const pop = (await loadPops(db)).find((p) => p.id === connection.locationId);
  if (!pop) throw new TunnelConfigError(`connection #${connectionId} has no POP`);

  const addressColumns = { address: ips.address, family: ips.family, asn: asns.asn, lanId: ips.lanId, connectionId: ips.connectionId };
  const live = ne(ips.state, "decommissioned");
  // Addresses tied to this tunnel; a member who never tied addresses to a tunnel gets all of theirs.
  let rows = await db.select(addressColumns).from(ips).innerJoin(asns, eq(asns.id, ips.asnId)).where(and(eq(ips.connectionId, connectionId), live)).orderBy(asc(ips.family), asc(ips.address));
  if (rows.length === 0) {
    rows = (await db.select(addressColumns).from(ips).innerJoin(asns, eq(asns.id, ips.asnId)).where(and(eq(asns.clientId, connection.clientId), live)).orderBy(asc(ips.family), asc(ips.address))).filter((r) => r.connectionId === null);
  }
  const lanIds = [...new Set(rows.map((r) => r.lanId))];
  const lans = lanIds.length ? await db.select({ id: peeringLans.id, ipv4Prefix: peeringLans.ipv4Prefix, ipv6Prefix: peeringLans.ipv6Prefix }).from(peeringLans).where(inArray(peeringLans.id, lanIds)) : [];
  const addresses: MemberAddress[] = rows.map((row) => {
    const lan = lans.find((l) => l.id === row.lanId);
    const prefix = row.family === 4 ? lan?.ipv4Prefix : lan?.ipv6Prefix;
    if (!prefix) throw new TunnelConfigError(`address ${row.address} is on a LAN without an IPv${row.family} prefix`);
    return { address: row.address, family: row.family as 4 | 6, prefixLength: Number(prefix.split("/")[1]), asn: row.asn };
  });
  const servers = lanIds.length
    ? await db.select({ name: routeServers.name, asn: routeServers.asn, ipv4Address: routeServers.ipv4Address, ipv6Address: routeServers.ipv6Address }).from(routeServers).where(and(eq(routeServers.active, true), inArray(routeServers.lanId, lanIds))).orderBy(asc(routeServers.name))
    : [];
  return { ixShortName: env().IX_SHORTNAME, pop, connection, addresses, routeServers: servers, openvpnDownloadHref: openvpnDownloadPath(connectionId) };
}

/** Titled copy-paste snippets for the member's side of one connection. */
export async function memberConfigurations(db: Executor, connectionId: number): Promise<ConfigSnippet[]> {
  return renderMemberConfigurations(await loadMemberConfigInput(db, connectionId));
}

/**
 * The OpenVPN profile (with the member's private key) for a download route. The caller must have
 * checked that the signed-in user belongs to `clientId`; this only refuses a connection of another
 * client. Never email or log the body.
 */
export async function openvpnProfileDownload(db: Executor, connectionId: number, clientId: number, secretsDir = env().SECRETS_DIR): Promise<{ filename: string; body: string }> {
  const input = await loadMemberConfigInput(db, connectionId);
  const { connection } = input;
  if (connection.clientId !== clientId || connection.type !== "openvpn" || !LIVE_CONNECTION_STATES.includes(connection.state)) {
    throw new TunnelConfigError(`no active OpenVPN connection #${connectionId} for this member`);
  }
  const ca = await ensureCa(secretsDir);
  const member = await issueCertificate(secretsDir, certificateNames.member(connectionId), "client");
  return { filename: openvpnProfileFilename(input), body: openvpnClientProfile(input, ca.certificatePem, member) };
}

/** For onboarding: issue the member certificate as soon as an OpenVPN connection is created. */
export async function issueMemberCertificate(connectionId: number, secretsDir = env().SECRETS_DIR): Promise<void> {
  await issueCertificate(secretsDir, certificateNames.member(connectionId), "client");
}
