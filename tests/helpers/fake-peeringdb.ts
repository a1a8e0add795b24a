import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeNetwork {
  asn: number;
  info_prefixes4?: number | null;
  info_prefixes6?: number | null;
  info_never_via_route_servers?: boolean;
  /** Role contacts (poc_set), returned with ?depth=2 as PeeringDB expands sets. */
  pocs?: { role: string; email: string; visible?: string; name?: string }[];
}

/**
 * A local HTTP server answering GET /api/net like PeeringDB does for the queries the portal makes:
 * ?asn=N, ?asn__in=a,b,c and ?info_never_via_route_servers=1, honouring ?fields= and ?depth=2 (poc_set);
 * or fails on request.
 */
export async function startFakePeeringDb(networks: FakeNetwork[]): Promise<{ url: string; requests: string[]; failWith(status: number | null): void; close(): Promise<void> }> {
  const requests: string[] = [];
  let failure: number | null = null;
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? "");
    if (failure !== null) return void response.writeHead(failure, { "Content-Type": "text/plain" }).end("unavailable");
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== "/api/net") return void response.writeHead(404).end();
    const asnIn = url.searchParams.get("asn__in")?.split(",").map(Number);
    const asn = url.searchParams.get("asn");
    const neverVia = url.searchParams.get("info_never_via_route_servers");
    const fields = url.searchParams.get("fields")?.split(",");
    const depth = Number(url.searchParams.get("depth") ?? "0");
    const matching = networks
      .filter((n) => (asn === null || n.asn === Number(asn)) && (!asnIn || asnIn.includes(n.asn)) && (neverVia === null || (n.info_never_via_route_servers ?? false) === (neverVia === "1")))
      .map(({ pocs, ...n }) => ({
        id: n.asn,
        name: `AS${n.asn}`,
        info_prefixes4: null,
        info_prefixes6: null,
        info_never_via_route_servers: false,
        ...n,
        // Without depth, sets are lists of ids; with depth=2, the objects.
        poc_set: depth >= 2 ? (pocs ?? []).map((poc, i) => ({ id: n.asn * 100 + i, net_id: n.asn, visible: "Public", name: poc.role, ...poc })) : (pocs ?? []).map((_, i) => n.asn * 100 + i),
      }))
      .map((n) => (fields ? Object.fromEntries(Object.entries(n).filter(([key]) => fields.includes(key))) : n));
    response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ data: matching, meta: {} }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failWith: (status) => void (failure = status),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
