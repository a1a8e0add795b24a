import { env } from "@/server/env";
import type { QueuedEmail } from "@/server/mail/outbox";
import { TUNNEL_TYPE_LABELS, type TunnelType } from "@/shared/enums";
import { loginUrl, portalUrl, registryProofUrl, statusUrl, verificationUrl } from "./links";
import { utcMinute } from "@/shared/utc";

/** Plain-text emails of the request journey: each says what the person must do next. */

interface RequestSummary {
  id: number;
  networkName: string;
  asn: number;
  contactEmail: string;
  statusToken: string;
}

export function verificationEmail(request: RequestSummary, token: string, expiresAt: Date): QueuedEmail {
  return {
    dedupeKey: `request:${request.id}:verify`,
    to: request.contactEmail,
    subject: `Confirm your peering request for AS${request.asn}`,
    text: [
      `Hello,`,
      ``,
      `We received a request to connect ${request.networkName} (AS${request.asn}) to ${env().IX_NAME}.`,
      ``,
      `Next step: confirm your email address by opening this link (it works once, until ${utcMinute(expiresAt)}):`,
      ``,
      verificationUrl(token),
      ``,
      `After that a volunteer reviews your request. You can follow it here:`,
      ``,
      statusUrl(request.statusToken),
      ``,
      `If you did not ask to join, ignore this email and nothing will happen.`,
    ].join("\n"),
  };
}

/**
 * To a mailbox the registry publishes for the ASN: opening the link proves the requester reads it. Says
 * who asked and how to ignore it, since the mailbox's owner may not be the requester.
 */
export function registryProofEmail(request: Pick<RequestSummary, "id" | "networkName" | "asn">, to: string, token: string, expiresAt: Date, sent: number): QueuedEmail {
  return {
    dedupeKey: `request:${request.id}:registry-proof:${sent}`,
    to,
    subject: `Confirm that you hold AS${request.asn}: peering request at ${env().IX_NAME}`,
    text: [
      `Hello,`,
      ``,
      `Someone asked to connect ${request.networkName} (AS${request.asn}) to ${env().IX_NAME} and chose this address, which`,
      `the registry publishes as a contact of AS${request.asn}, to prove that they hold the ASN.`,
      ``,
      `If that was you, open this link (it works once, until ${utcMinute(expiresAt)}):`,
      ``,
      registryProofUrl(token),
      ``,
      `If you did not ask, ignore this email: the request then stays without this proof.`,
    ].join("\n"),
  };
}

export interface ApprovalDetails extends RequestSummary {
  locationName: string;
  locationCode: string;
  tunnelType: TunnelType;
  tunnelId: number | null;
  serverEndpoints: string[];
  addresses: string[];
  lanName: string;
}

export function approvalEmail(details: ApprovalDetails): QueuedEmail {
  const tunnel = details.tunnelId === null ? "" : ` (tunnel id ${details.tunnelId})`;
  return {
    dedupeKey: `request:${details.id}:approved`,
    to: details.contactEmail,
    subject: `Welcome to ${env().IX_NAME}: AS${details.asn} is approved`,
    text: [
      `Hello,`,
      ``,
      `Your peering request for ${details.networkName} (AS${details.asn}) has been approved. Welcome!`,
      ``,
      `Your addresses on the ${details.lanName}:`,
      ...details.addresses.map((address) => `  ${address}`),
      ``,
      `Your connection: ${TUNNEL_TYPE_LABELS[details.tunnelType]} at ${details.locationName} (${details.locationCode})${tunnel}`,
      ...(details.serverEndpoints.length ? [`Our tunnel server there: ${details.serverEndpoints.join(", ")}`] : []),
      ``,
      `Next steps:`,
      `  1. Sign in to the member portal with this email address: ${loginUrl()}`,
      `     Your portal page is ${portalUrl()}; it shows the exact router configuration for your tunnel.`,
      `  2. Set up the tunnel and put the addresses above on it.`,
      `  3. Once we can ping your addresses, configure BGP sessions with our route servers (the portal lists them).`,
      ``,
      `Questions? Reply to ${env().IX_SUPPORT_EMAIL}.`,
    ].join("\n"),
  };
}

export function rejectionEmail(request: RequestSummary, reason: string): QueuedEmail {
  return {
    dedupeKey: `request:${request.id}:rejected`,
    to: request.contactEmail,
    subject: `Your peering request for AS${request.asn} was not approved`,
    text: [
      `Hello,`,
      ``,
      `We are sorry: a volunteer of ${env().IX_NAME} did not approve the request to connect ${request.networkName} (AS${request.asn}).`,
      ``,
      `The reason given:`,
      ``,
      ...reason.split("\n").map((line) => `  ${line}`),
      ``,
      `If you can fix what is described above, you are welcome to send a new request at ${env().APP_URL.replace(/\/+$/, "")}/connect.`,
      `Questions? Write to ${env().IX_SUPPORT_EMAIL}.`,
    ].join("\n"),
  };
}
