import { z } from "zod";
import { zerotierNetworkIdSchema as networkIdSchema, zerotierNodeIdSchema as nodeIdSchema } from "@/shared/validation/zerotier";

/**
 * A small client for the ZeroTier network controller's JSON API (the /controller endpoints of
 * zerotier-one, authenticated with the X-ZT1-Auth token). The token never appears in errors.
 */

const networkSchema = z.object({ id: z.string(), routes: z.array(z.object({ target: z.string() }).loose()).default([]) }).loose();
export type ControllerNetwork = z.infer<typeof networkSchema>;
const memberSchema = z.object({ id: z.string(), authorized: z.boolean(), ipAssignments: z.array(z.string()).default([]) }).loose();
export type ControllerMember = z.infer<typeof memberSchema>;

export class ZerotierError extends Error {
  constructor(
    message: string,
    /** The controller's HTTP status, when it answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export class ZerotierController {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async request(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<unknown> {
    const url = new URL(path, this.baseUrl.endsWith("/") ? this.baseUrl : `${this.baseUrl}/`);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { "X-ZT1-Auth": this.token, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new ZerotierError(`ZeroTier controller ${url.origin} unreachable: ${(error as Error).message}`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new ZerotierError(`ZeroTier controller ${url.origin} refused the token (answered ${response.status}): check ZEROTIER_TOKEN`, response.status);
    }
    if (!response.ok) throw new ZerotierError(`ZeroTier controller answered ${response.status} to ${method} ${url.pathname}`, response.status);
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  private memberPath(networkId: string, nodeId: string): string {
    return `controller/network/${networkIdSchema.parse(networkId)}/member/${nodeIdSchema.parse(nodeId)}`;
  }

  /** The network's settings; null when the controller has no such network (it must be created there first). */
  async getNetwork(networkId: string): Promise<ControllerNetwork | null> {
    try {
      return networkSchema.parse(await this.request("GET", `controller/network/${networkIdSchema.parse(networkId)}`));
    } catch (error) {
      if (error instanceof ZerotierError && error.status === 404) return null;
      throw error;
    }
  }

  /** Node ids of every member the controller knows on this network. */
  async listMembers(networkId: string): Promise<string[]> {
    const body = await this.request("GET", `controller/network/${networkIdSchema.parse(networkId)}/member`);
    return Object.keys(z.record(z.string(), z.unknown()).parse(body)).sort();
  }

  async getMember(networkId: string, nodeId: string): Promise<ControllerMember> {
    return memberSchema.parse(await this.request("GET", this.memberPath(networkId, nodeId)));
  }

  /** Authorises the node and sets exactly these addresses. */
  async authorize(networkId: string, nodeId: string, ipAssignments: readonly string[]): Promise<ControllerMember> {
    return memberSchema.parse(await this.request("POST", this.memberPath(networkId, nodeId), { authorized: true, ipAssignments }));
  }

  /** De-authorises the node and drops its addresses (the member record stays, as ZeroTier keeps history). */
  async deauthorize(networkId: string, nodeId: string): Promise<ControllerMember> {
    return memberSchema.parse(await this.request("POST", this.memberPath(networkId, nodeId), { authorized: false, ipAssignments: [] }));
  }
}
