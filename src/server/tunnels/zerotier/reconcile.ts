import { and, eq, inArray, ne } from "drizzle-orm";
import type { Executor } from "@/server/db/client";
import { asns, connections, ips } from "@/server/db/schema";
import { loadPops } from "../load";
import { LIVE_CONNECTION_STATES } from "../model";
import { parseLocationParams } from "../params";
import type { ZerotierController } from "./client";
import { zerotierNodeIdSchema as nodeIdSchema } from "@/shared/validation/zerotier";

/** Makes each ZeroTier network's controller members match the live ZeroTier connections in the database. */

export interface ZerotierExpectation {
  networkId: string;
  /** node id -> addresses it must have */
  members: Map<string, string[]>;
}

export interface ZerotierAction {
  networkId: string;
  nodeId: string;
  action: "authorize" | "deauthorize";
  ipAssignments: string[];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** Pure: what to change, given the controller's members (node id -> authorised + addresses). */
export function planZerotier(expected: ZerotierExpectation, actual: Map<string, { authorized: boolean; ipAssignments: string[] }>): ZerotierAction[] {
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
    const expectation = byNetwork.get(networkId) ?? { networkId, members: new Map() };
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
        .select({ address: ips.address, connectionId: ips.connectionId })
        .from(ips)
        .innerJoin(asns, eq(asns.id, ips.asnId))
        .where(and(eq(asns.clientId, row.clientId), ne(ips.state, "decommissioned")));
      const own = addresses.filter((a) => a.connectionId === row.connectionId);
      const chosen = (own.length ? own : addresses.filter((a) => a.connectionId === null)).map((a) => a.address);
      expectation.members.set(nodeId.data, [...(expectation.members.get(nodeId.data) ?? []), ...chosen]);
    }
  }
  return [...byNetwork.values()];
}

export interface ZerotierReconcileResult {
  actions: ZerotierAction[];
  errors: string[];
}

export async function reconcileZerotier(db: Executor, controller: ZerotierController, options: { dryRun?: boolean } = {}): Promise<ZerotierReconcileResult> {
  const result: ZerotierReconcileResult = { actions: [], errors: [] };
  for (const expectation of await loadZerotierExpectations(db)) {
    try {
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
