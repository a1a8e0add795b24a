import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeNetwork {
  asn: number;
  info_prefixes4?: number | null;
  info_prefixes6?: number | null;
  info_never_via_route_servers?: boolean;
}

/**
 * A local HTTP server answering GET /api/net like PeeringDB does for the queries the portal makes:
 * ?asn=N, ?asn__in=a,b,c and ?info_never_via_route_servers=1, honouring ?fields=; or fails on request.
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
    const matching = networks
      .filter((n) => (asn === null || n.asn === Number(asn)) && (!asnIn || asnIn.includes(n.asn)) && (neverVia === null || (n.info_never_via_route_servers ?? false) === (neverVia === "1")))
      .map((n) => ({ id: n.asn, name: `AS${n.asn}`, info_prefixes4: null, info_prefixes6: null, info_never_via_route_servers: false, ...n }))
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
