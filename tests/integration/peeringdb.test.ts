import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupNetwork } from "@/server/peeringdb/client";
import { parseIrrAsSet } from "@/server/peeringdb/as-set";
import { DEFAULT_MAX_PREFIX, suggestMaxPrefix } from "@/server/peeringdb/max-prefix";
import { prefillFromPeeringDb } from "@/server/peeringdb/prefill";

/** A local server that answers like PeeringDB's API for a few networks, and misbehaves on request. */
const NETWORKS: Record<number, unknown> = {
  64496: {
    id: 1001, asn: 64496, name: "  Example Networks  ", website: "https://www.example.com", irr_as_set: "RIPE::AS-EXAMPLE RADB::AS-OTHER",
    info_prefixes4: 40, info_prefixes6: 5, info_type: "NSP", policy_general: "Open",
  },
  64497: { id: 1002, asn: 64497, name: "No Frills", website: "", irr_as_set: "", info_prefixes4: 0, info_prefixes6: null },
  64498: { id: 1003, asn: 64498, name: "Bad Macro", website: "javascript:alert(1)", irr_as_set: "AS-FOO; rm -rf /", info_prefixes4: 3, info_prefixes6: 1 },
};

let server: Server;
let baseUrl: string;
const seen: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request);
    const url = new URL(request.url ?? "/", "http://localhost");
    const asn = Number(url.searchParams.get("asn"));
    if (url.pathname !== "/api/net") return void response.writeHead(404).end();
    if (asn === 65000) return void setTimeout(() => response.end("{}"), 2_000); // slower than the client waits
    if (asn === 65001) return void response.writeHead(500).end("oops");
    if (asn === 65002) return void response.writeHead(200, { "Content-Type": "text/html" }).end("<html>maintenance</html>");
    if (asn === 65003) return void response.writeHead(429, { "Content-Type": "application/json" }).end('{"message":"rate limited"}');
    const network = NETWORKS[asn];
    response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ data: network ? [network] : [], meta: {} }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("PeeringDB lookup", () => {
  it("returns name, website, AS-SET with its IRR source and prefix counts, sending the API key when set", async () => {
    const result = await lookupNetwork(64496, { baseUrl, apiKey: "k3y" });
    expect(result).toEqual({
      found: true,
      network: {
        peeringdbNetId: 1001, asn: 64496, name: "Example Networks", website: "https://www.example.com",
        asSet: "AS-EXAMPLE", irrSource: "RIPE", prefixes4: 40, prefixes6: 5,
      },
    });
    const request = seen.at(-1)!;
    expect(request.url).toBe("/api/net?asn=64496");
    expect(request.headers.authorization).toBe("Api-Key k3y");
    await lookupNetwork(64496, { baseUrl, apiKey: undefined });
    expect(seen.at(-1)!.headers.authorization).toBeUndefined();
  });

  it("leaves out empty or unsafe values rather than passing them on", async () => {
    expect(await lookupNetwork(64497, { baseUrl })).toEqual({
      found: true,
      network: { peeringdbNetId: 1002, asn: 64497, name: "No Frills", website: null, asSet: null, irrSource: null, prefixes4: 0, prefixes6: null },
    });
    const bad = await lookupNetwork(64498, { baseUrl });
    expect(bad.found && bad.network).toMatchObject({ website: null, asSet: null });
  });

  it("says 'not on PeeringDB' for an unknown network", async () => {
    expect(await lookupNetwork(64511, { baseUrl })).toEqual({ found: false, reason: "not_found", detail: "AS64511 is not on PeeringDB" });
  });

  it.each([
    [65000, "PeeringDB did not answer in time"],
    [65001, "PeeringDB answered HTTP 500"],
    [65002, "PeeringDB sent an answer that is not a network list"],
    [65003, "PeeringDB answered HTTP 429"],
  ])("does not fail when PeeringDB misbehaves (AS%i)", async (asn, detail) => {
    const started = Date.now();
    expect(await lookupNetwork(asn, { baseUrl, timeoutMs: 300 })).toEqual({ found: false, reason: "unreachable", detail });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("does not fail when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await lookupNetwork(64496, { baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 500 })).toEqual({
      found: false, reason: "unreachable", detail: "PeeringDB could not be reached",
    });
  });
});

describe("prefill for requests and new ASNs", () => {
  it("prefills from PeeringDB with suggested max-prefix limits", async () => {
    expect(await prefillFromPeeringDb(64496, { baseUrl })).toEqual({
      found: true, checked: true, notice: null, peeringdbNetId: 1001, name: "Example Networks", website: "https://www.example.com",
      asSet: "AS-EXAMPLE", irrSource: "RIPE", maxPrefixV4: 50, maxPrefixV6: 15,
    });
  });

  it("says 'Not on PeeringDB' only when PeeringDB said so, and still suggests defaults when it cannot be asked", async () => {
    expect(await prefillFromPeeringDb(64511, { baseUrl })).toMatchObject({
      found: false, checked: true, notice: "Not on PeeringDB", name: null, maxPrefixV4: DEFAULT_MAX_PREFIX[4], maxPrefixV6: DEFAULT_MAX_PREFIX[6],
    });
    expect(await prefillFromPeeringDb(65001, { baseUrl })).toMatchObject({
      found: false, checked: false, notice: "Not checked: PeeringDB answered HTTP 500", maxPrefixV4: DEFAULT_MAX_PREFIX[4],
    });
  });
});

describe("AS-SET and max-prefix helpers", () => {
  it.each([
    ["AS-EXAMPLE", { asSet: "AS-EXAMPLE", source: null }],
    ["ripe::as-example", { asSet: "AS-EXAMPLE", source: "RIPE" }],
    ["AS-EXAMPLE@RADB, AS-OTHER", { asSet: "AS-EXAMPLE", source: "RADB" }],
    ["AS64496:AS-CUSTOMERS", { asSet: "AS64496:AS-CUSTOMERS", source: null }],
    ["AS64496", { asSet: "AS64496", source: null }],
    ["", null],
    ["AS-FOO;DROP", null],
    ["EXAMPLE", null],
  ])("reads %j", (text, expected) => {
    expect(parseIrrAsSet(text)).toEqual(expected);
  });

  it("suggests the count plus headroom, or the family default when the count is unknown", () => {
    expect(suggestMaxPrefix(40, 4)).toBe(50);
    expect(suggestMaxPrefix(1000, 4)).toBe(1200);
    expect(suggestMaxPrefix(5, 6)).toBe(15);
    expect(suggestMaxPrefix(0, 4)).toBe(DEFAULT_MAX_PREFIX[4]);
    expect(suggestMaxPrefix(null, 6)).toBe(DEFAULT_MAX_PREFIX[6]);
  });
});
