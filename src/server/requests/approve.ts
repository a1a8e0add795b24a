import { and, eq } from "drizzle-orm";
import type { Database, Transaction } from "@/server/db/client";
import { asns, auditLog, clients, connections, ips, locations, requests, routeServers, users } from "@/server/db/schema";
import type { PeeringRequest as RequestRow } from "@/server/db/schema";
import {
  allocateAddresses,
  allocateTunnelId,
  defaultLan,
  ensureLockRows,
  lanLockName,
  takeLock,
  TUNNEL_ID_RANGES,
  tunnelLockName,
  type LanRow,
} from "@/server/allocation/allocator";
import { AllocationError } from "@/server/allocation/addresses";
import { DomainError } from "@/server/errors";
import { isDuplicateKey, retryOnConflict } from "@/server/db/retry";
import { enqueueEmail } from "@/server/mail/outbox";
import type { MailTransport } from "@/server/mail/transport";
import { storedPeeringDbPrefill } from "./checks/peeringdb";
import type { StoredChecks } from "./checks/types";
import { logger } from "@/server/log";
import { issueMemberCertificate } from "@/server/tunnels/member/load";
import { deliverAfterCommit } from "./deliver";
import { approvalEmail } from "./emails";
import { lockRequestForDecision } from "./load";
import { requestFieldProblems } from "./rules";
import type { Reviewer } from "./reviewer";

export interface ApprovalResult {
  requestId: number;
  clientId: number;
  asnId: number;
  connectionId: number;
  tunnelId: number | null;
  ipv4: string | null;
  ipv6: string | null;
  memberUserId: string;
}

type Audit = Omit<typeof auditLog.$inferInsert, "actor">;

/** The ASN's client if the ASN is known, else a client with the same contact email, else a new one. */
async function clientFor(tx: Transaction, request: RequestRow, audits: Audit[]) {
  const [owner] = await tx.select({ id: asns.id, clientId: asns.clientId }).from(asns).where(eq(asns.asn, request.asn));
  if (owner) return { clientId: owner.clientId, asnId: owner.id };
  const [sameEmail] = await tx.select({ id: clients.id }).from(clients).where(eq(clients.contactEmail, request.contactEmail)).limit(1);
  let clientId = sameEmail?.id;
  if (!clientId) {
    const client = {
      name: request.networkName,
      website: request.website,
      contactEmail: request.contactEmail,
      contactPrivate: !request.publishContact,
      state: "allocated" as const,
    };
    clientId = (await tx.insert(clients).values(client).$returningId())[0]!.id;
    audits.push({ action: "client.create", entityType: "client", entityId: String(clientId), after: client });
  }
  // PeeringDB's view (looked up when the request came in) fills what the requester left out.
  const peeringDb = storedPeeringDbPrefill(request.checks as StoredChecks | null);
  const asn = {
    asn: request.asn,
    clientId,
    asSet: request.asSet ?? peeringDb?.asSet ?? null,
    irrSource: peeringDb?.irrSource ?? null,
    maxPrefixV4: peeringDb?.maxPrefixV4 ?? null,
    maxPrefixV6: peeringDb?.maxPrefixV6 ?? null,
    peeringdbNetId: peeringDb?.peeringdbNetId ?? null,
  };
  const asnId = (await tx.insert(asns).values(asn).$returningId())[0]!.id;
  audits.push({ action: "asn.create", entityType: "asn", entityId: String(asnId), after: asn });
  return { clientId, asnId };
}

/** IPv4 (if asked) and IPv6 for the ASN on the LAN, unless it already has one of that family there. */
async function addressesFor(tx: Transaction, lan: LanRow, request: RequestRow, asnId: number) {
  const existing = await tx.select({ family: ips.family, address: ips.address }).from(ips).where(and(eq(ips.asnId, asnId), eq(ips.lanId, lan.id)));
  const has = (family: number) => existing.find((ip) => ip.family === family)?.address ?? null;
  const fresh = await allocateAddresses(tx, lan, { asn: request.asn, ipv4: request.wantsIpv4 && !has(4), ipv6: !has(6) });
  return { fresh, ipv4: fresh.ipv4 ?? has(4), ipv6: fresh.ipv6 ?? has(6) };
}

/** The contact gets a member login for the client; an existing user without a client is attached to it. */
async function memberUserFor(tx: Transaction, email: string, clientId: number, audits: Audit[]): Promise<string> {
  const [user] = await tx.select({ id: users.id, role: users.role, clientId: users.clientId }).from(users).where(eq(users.email, email));
  if (user) {
    if (user.clientId === null) {
      await tx.update(users).set({ clientId }).where(eq(users.id, user.id));
      audits.push({ action: "user.update", entityType: "user", entityId: user.id, before: { clientId: null }, after: { clientId } });
    }
    return user.id;
  }
  const id = crypto.randomUUID();
  await tx.insert(users).values({ id, email, role: "member", clientId });
  audits.push({ action: "user.create", entityType: "user", entityId: id, after: { email, role: "member", clientId } });
  return id;
}

/** Approvals all take the same LAN lock row: under many concurrent approvals on several nodes they need more tries. */
const APPROVAL_ATTEMPTS = 20;


/**
 * A request without proof of ASN holdership (docs/ASN-PROOF.md) is approved only with a reviewer's reason,
 * which the audit log keeps; a request with proof needs none (a reason given anyway is not recorded).
 */
function proofOverride(request: RequestRow, reason: string | undefined): string | null {
  if (request.asnProof) return null;
  const text = reason?.trim();
  if (!text) {
    throw new DomainError(
      `request #${request.id} has no proof that the requester holds AS${request.asn} (PeeringDB or a registry contact); approve it with an override reason, which goes to the audit log`,
    );
  }
  return text;
}

/**
 * Approves a confirmed request in one transaction: client, ASN, connection with the next tunnel id,
 * IPs from the peering LAN, member login, audit log, approval email (sent after commit), and the POP's
 * and route servers' config marked changed. New IPs are provisioned (the route servers get the
 * sessions at the next rollout) and monitored; their state is "allocated" until the member shows up.
 */
export async function approveRequest(
  db: Database,
  requestId: number,
  reviewer: Reviewer,
  options: { now?: Date; transport?: MailTransport; overrideReason?: string } = {},
): Promise<ApprovalResult> {
  const now = options.now ?? new Date();
  const [preview] = await db.select({ locationId: requests.locationId, type: requests.tunnelType }).from(requests).where(eq(requests.id, requestId));
  if (!preview) throw new DomainError(`there is no request #${requestId}`);
  const lan = await defaultLan(db);
  const tunnelLock = TUNNEL_ID_RANGES[preview.type] ? tunnelLockName(preview.locationId, preview.type) : null;

  let outcome: { result: ApprovalResult; email: ReturnType<typeof approvalEmail> };
  try {
    // On Galera the allocation row locks hold only on this node: a concurrent approval on another node is found
    // at commit (certification failure) and this one runs again from the start, reading what the winner took.
    outcome = await retryOnConflict(async () => {
      await ensureLockRows(db, [lanLockName(lan.id), ...(tunnelLock ? [tunnelLock] : [])]);
      return db.transaction(
        async (tx) => {
          const request = await lockRequestForDecision(tx, requestId, ["pending"], "approved");
          // The POP may have closed, or stopped offering the tunnel type, since the request was sent.
          const problems = await requestFieldProblems(tx, { ...request, remoteEndpoint: request.remoteEndpoint ?? undefined });
          if (Object.keys(problems).length > 0) {
            throw new DomainError(`request #${requestId} cannot be approved as it stands: ${Object.values(problems).flat().join("; ")}`);
          }
          const override = proofOverride(request, options.overrideReason);
          await takeLock(tx, lanLockName(lan.id));
          if (tunnelLock) await takeLock(tx, tunnelLock);
          const audits: Audit[] = [];
          if (override) audits.push({ action: "request.proof_override", entityType: "request", entityId: String(request.id), after: { asn: request.asn, reason: override } });
  
          const { clientId, asnId } = await clientFor(tx, request, audits);
          const tunnelId = await allocateTunnelId(tx, request.locationId, request.tunnelType);
          const connection = {
            clientId,
            locationId: request.locationId,
            type: request.tunnelType,
            tunnelId,
            remoteEndpoint: request.remoteEndpoint,
            params: {},
            macAddresses: [],
            state: "allocated" as const,
          };
          const connectionId = (await tx.insert(connections).values(connection).$returningId())[0]!.id;
          audits.push({ action: "connection.create", entityType: "connection", entityId: String(connectionId), after: connection });
  
          const addresses = await addressesFor(tx, lan, request, asnId);
          for (const [family, address] of [[4, addresses.fresh.ipv4], [6, addresses.fresh.ipv6]] as const) {
            if (!address) continue;
            const ip = { lanId: lan.id, family, address, asnId, connectionId, state: "allocated" as const, monitor: true, provisioned: true };
            const ipId = (await tx.insert(ips).values(ip).$returningId())[0]!.id;
            audits.push({ action: "ip.create", entityType: "ip", entityId: String(ipId), after: ip });
          }
  
          const memberUserId = await memberUserFor(tx, request.contactEmail, clientId, audits);
          const decision = { state: "approved" as const, reviewerUserId: reviewer.userId, reviewedAt: now, clientId, connectionId, proofOverrideReason: override };
          await tx.update(requests).set(decision).where(eq(requests.id, request.id));
          audits.push({ action: "request.approve", entityType: "request", entityId: String(request.id), before: { state: request.state }, after: decision });
  
          await tx.update(locations).set({ configChangedAt: now }).where(eq(locations.id, request.locationId));
          await tx.update(routeServers).set({ configChangedAt: now }).where(eq(routeServers.lanId, lan.id));
          await tx.insert(auditLog).values(audits.map((entry) => ({ ...entry, actor: reviewer.actor, createdAt: now })));
  
          const [location] = await tx
            .select({ name: locations.name, code: locations.code, v4: locations.endpointIpv4, v6: locations.endpointIpv6 })
            .from(locations)
            .where(eq(locations.id, request.locationId));
          const email = approvalEmail({
            ...request,
            locationName: location!.name,
            locationCode: location!.code,
            tunnelId,
            serverEndpoints: [location!.v4, location!.v6].filter((e): e is string => Boolean(e)),
            addresses: [addresses.ipv4, addresses.ipv6].filter((a): a is string => Boolean(a)),
            lanName: lan.name,
          });
          await enqueueEmail(tx, email, now);
          const result = { requestId: request.id, clientId, asnId, connectionId, tunnelId, ipv4: addresses.ipv4, ipv6: addresses.ipv6, memberUserId };
          return { result, email };
        },
        { isolationLevel: "read committed" },
      );
    }, { what: `approving request #${requestId}`, attempts: APPROVAL_ATTEMPTS });
  } catch (error) {
    if (error instanceof AllocationError || !isDuplicateKey(error)) throw error;
    throw new DomainError("another change took the same address or tunnel id at the same moment; nothing was saved, please approve again");
  }
  if (preview.type === "openvpn") {
    // The member's certificate exists from the start; if the CA cannot issue now, the download issues it later.
    await issueMemberCertificate(outcome.result.connectionId).catch((error: unknown) =>
      logger.warn({ err: error, connectionId: outcome.result.connectionId }, "could not issue the OpenVPN certificate yet"),
    );
  }
  await deliverAfterCommit(db, options.transport, outcome.email);
  return outcome.result;
}
