import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP server speaking the ZeroTier controller's documented network and member API
 * (GET /controller/network/:nwid, GET/POST /controller/network/:nwid/member[/:node], X-ZT1-Auth),
 * keeping members in memory. Like the real controller, it answers 404 for a network it does not have.
 */
export interface FakeNetwork {
  id: string;
  /** Managed route targets, e.g. "198.18.0.0/22". */
  routes: string[];
}

export interface FakeMember {
  id: string;
  nwid: string;
  authorized: boolean;
  ipAssignments: string[];
  revision: number;
}

export async function startZerotierController(token: string, networks: FakeNetwork[]) {
  const members = new Map<string, Map<string, FakeMember>>(networks.map((n) => [n.id, new Map()]));
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      requests.push(`${req.method} ${req.url}`);
      const send = (status: number, value?: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(value === undefined ? "" : JSON.stringify(value));
      };
      if (req.headers["x-zt1-auth"] !== token) return send(401, { error: "unauthorized" });
      const settings = /^\/controller\/network\/([0-9a-f]{16})$/.exec(req.url ?? "");
      if (settings) {
        const network = networks.find((n) => n.id === settings[1]);
        if (!network) return send(404, {});
        return req.method === "GET" ? send(200, { id: network.id, routes: network.routes.map((target) => ({ target, via: null })) }) : send(405);
      }
      const match = /^\/controller\/network\/([0-9a-f]{16})\/member(?:\/([0-9a-f]{10}))?$/.exec(req.url ?? "");
      const network = match ? members.get(match[1]!) : undefined;
      if (!match || !network) return send(404, {});
      const nodeId = match[2];
      if (!nodeId) return req.method === "GET" ? send(200, Object.fromEntries([...network.values()].map((m) => [m.id, m.revision]))) : send(405);
      const existing = network.get(nodeId);
      if (req.method === "GET") return existing ? send(200, existing) : send(404, {});
      if (req.method === "POST") {
        const update = JSON.parse(body || "{}") as Partial<FakeMember>;
        const member: FakeMember = { id: nodeId, nwid: match[1]!, authorized: false, ipAssignments: [], revision: 0, ...existing, ...update };
        member.revision++;
        network.set(nodeId, member);
        return send(200, member);
      }
      send(405);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    members,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
