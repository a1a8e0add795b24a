import { and, eq, inArray, ne } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { DomainError } from "@/server/errors";
import { asns, connections, ips, peeringLans } from "@/server/db/schema";
import { loadPops } from "../load";
import { LIVE_CONNECTION_STATES } from "../model";
import { parseLocationParams } from "../params";
import type { ZerotierController } from "./client";
import { prefixWithin } from "@/shared/validation/ip";
import { zerotierNodeIdSchema as nodeIdSchema } from "@/shared/validation/zerotier";

/** Makes each ZeroTier network's controller members match the live ZeroTier connections in the database. */

export interface ZerotierExpectation {
  networkId: string;
  /** node id -> addresses it must have */
  members: Map<string, string[]>;
  /** The peering-LAN prefixes of those addresses: the network needs managed routes covering them. */
  lanPrefixes: Set<string>;
}

export interface ZerotierAction {
  networkId: string;
  nodeId: string;
  action: "authorize" | "deauthorize";
  ipAssignments: string[];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** Pure: what to change, given the controller's members (node id -> authorised + addresses). */
export function planZerotier(expected: Pick<ZerotierExpectation, "networkId" | "members">, actual: Map<string, { authorized: boolean; ipAssignments: string[] }>): ZerotierAction[] {
  const actions: ZerotierAction[] = [];
  for (const [nodeId, addresses] of expected.members) {
    const current = actual.get(nodeId);
    if (!current || !current.authorized || !sameSet(current.ipAssignments, addresses)) actions.push({ networkId: expected.networkId, nodeId, action: "authorize", ipAssignments: addresses });
  }
  for (const [nodeId, current] of actual) {
    if (!expected.members.has(nodeId) && current.authorized) actions.push({ networkId: expected.networkId, nodeId, action: "deauthorize", ipAssignments: [] });
  }
  return actions;
}

export async function loadZerotierExpectations(db: Executor): Promise<ZerotierExpectation[]> {
  const pops = (await loadPops(db)).filter((pop) => pop.tunnelTypes.zerotier !== undefined);
  const byNetwork = new Map<string, ZerotierExpectation>();
  for (const pop of pops) {
    const { networkId } = parseLocationParams("zerotier", pop.tunnelTypes.zerotier, `POP ${pop.code}`);
    const expectation = byNetwork.get(networkId) ?? { networkId, members: new Map(), lanPrefixes: new Set() };
    byNetwork.set(networkId, expectation);
    if (!pop.active) continue;
    const rows = await db
      .select({ connectionId: connections.id, clientId: connections.clientId, nodeId: connections.remoteEndpoint })
      .from(connections)
      .where(and(eq(connections.locationId, pop.id), eq(connections.type, "zerotier"), inArray(connections.state, [...LIVE_CONNECTION_STATES])));
    for (const row of rows) {
      const nodeId = nodeIdSchema.safeParse(row.nodeId);
      if (!nodeId.success) continue;
      const addresses = await db
        .select({ address: ips.address, family: ips.family, connectionId: ips.connectionId, ipv4Prefix: peeringLans.ipv4Prefix, ipv6Prefix: peeringLans.ipv6Prefix })
        .from(ips)
        .innerJoin(asns, eq(asns.id, ips.asnId))
        .innerJoin(peeringLans, eq(peeringLans.id, ips.lanId))
        .where(and(eq(asns.clientId, row.clientId), ne(ips.state, "decommissioned")));
      const own = addresses.filter((a) => a.connectionId === row.connectionId);
      const chosen = own.length ? own : addresses.filter((a) => a.connectionId === null);
      expectation.members.set(nodeId.data, [...(expectation.members.get(nodeId.data) ?? []), ...chosen.map((a) => a.address)]);
      for (const a of chosen) {
        const prefix = a.family === 4 ? a.ipv4Prefix : a.ipv6Prefix;
        if (prefix) expectation.lanPrefixes.add(prefix);
      }
    }
  }
  return [...byNetwork.values()];
}

/**
 * The network must already exist on the controller (member updates answer 404 otherwise), and its managed
 * routes must cover the LAN prefixes: ZeroTier does not configure assigned addresses outside them.
 */
async function checkNetwork(controller: ZerotierController, expectation: ZerotierExpectation): Promise<void> {
  const network = await controller.getNetwork(expectation.networkId);
  if (!network) throw new DomainError("the controller has no such network: create it there first (docs/TUNNELS.md, ZeroTier)");
  const uncovered = [...expectation.lanPrefixes].filter((prefix) => !network.routes.some((route) => prefixWithin(prefix, route.target)));
  if (uncovered.length) {
    throw new DomainError(
      `no managed route covers ${uncovered.join(", ")}: add one on the controller, or ZeroTier ignores the assigned addresses (docs/TUNNELS.md, ZeroTier); nothing was changed`,
    );
  }
}

export interface ZerotierReconcileResult {
  actions: ZerotierAction[];
  errors: string[];
}

export async function reconcileZerotier(db: Executor, controller: ZerotierController, options: { dryRun?: boolean } = {}): Promise<ZerotierReconcileResult> {
  const result: ZerotierReconcileResult = { actions: [], errors: [] };
  for (const expectation of await loadZerotierExpectations(db)) {
    try {
      await checkNetwork(controller, expectation);
      const actual = new Map<string, { authorized: boolean; ipAssignments: string[] }>();
      for (const nodeId of await controller.listMembers(expectation.networkId)) {
        if (!nodeIdSchema.safeParse(nodeId).success) continue;
        const member = await controller.getMember(expectation.networkId, nodeId);
        actual.set(nodeId, { authorized: member.authorized, ipAssignments: member.ipAssignments });
      }
      for (const action of planZerotier(expectation, actual)) {
        if (!options.dryRun) {
          if (action.action === "authorize") await controller.authorize(action.networkId, action.nodeId, action.ipAssignments);
          else await controller.deauthorize(action.networkId, action.nodeId);
        }
        result.actions.push(action);
      }
    } catch (error) {
      result.errors.push(`network ${expectation.networkId}: ${(error as Error).message}`);
    }
  }
  return result;
}
