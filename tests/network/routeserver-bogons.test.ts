import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BirdClient } from "@/server/routeserver/bird-client";
import { BOGONS_V4, BOGONS_V6, type BogonEntry } from "@/server/routeserver/bogons";
import { renderOptionsSchema } from "@/server/routeserver/model";
import { renderRouteServerConfig } from "@/server/routeserver/render";
import { startBird, type BirdInstance } from "../helpers/bird";
import { createNamespace, type Namespace } from "../helpers/netns";

/**
 * Every entry of the IANA-derived bogon table, asked of a real BIRD running the generated config:
 * ixp_bogon() (what the import filter calls) for the block itself and for two more-specifics.
 */

let namespace: Namespace;
let bird: BirdInstance;
let client: BirdClient;

beforeAll(async () => {
  namespace = createNamespace("bogon");
  const { config } = renderRouteServerConfig({
    routeServer: { name: "rs1", asn: 64500, routerId: "198.18.0.1", ipv4Address: "198.18.0.1", ipv6Address: "2001:2:0:1::1" },
    members: [],
    options: renderOptionsSchema.parse({ logTarget: "stderr" }),
  });
  bird = await startBird(namespace, "bogons", config);
  client = await bird.client();
}, 30_000);

afterAll(() => {
  client?.close();
  bird?.stop();
  namespace?.remove();
});

async function isBogon(prefix: string): Promise<boolean> {
  const lines = await client.command(`eval ixp_bogon(${prefix})`);
  const answer = lines.map((l) => l.text.trim()).find((text) => text === "TRUE" || text === "FALSE");
  if (!answer) throw new Error(`eval ixp_bogon(${prefix}): ${JSON.stringify(lines)}`);
  return answer === "TRUE";
}

/** The block, one bit longer, and the host route at its start (same network address, so always canonical). */
function probes({ prefix }: BogonEntry, host: number): { block: string; moreSpecifics: string[] } {
  const [network, length] = [prefix.slice(0, prefix.indexOf("/")), Number(prefix.slice(prefix.indexOf("/") + 1))];
  return { block: prefix, moreSpecifics: length < host ? [`${network}/${length + 1}`, `${network}/${host}`] : [] };
}

const expected = { reject: { block: true, more: true }, "exact-only": { block: false, more: true }, allow: { block: false, more: false } } as const;

describe("IANA special-purpose registries in the route server's bogon check", () => {
  for (const [family, entries, host] of [[4, BOGONS_V4, 32], [6, BOGONS_V6, 128]] as const) {
    it.each(entries.map((entry) => [entry.prefix, entry.name, entry]))(`IPv${family} %s (%s)`, async (_prefix, _name, entry) => {
      const { block, moreSpecifics } = probes(entry, host);
      expect(await isBogon(block), block).toBe(expected[entry.policy].block);
      for (const more of moreSpecifics) expect(await isBogon(more), more).toBe(expected[entry.policy].more);
    });
  }

  it("accepts ordinary global unicast and rejects IPv6 outside 2000::/3", async () => {
    expect(await isBogon("23.1.0.0/16")).toBe(false);
    expect(await isBogon("2a0b:1::/48")).toBe(false);
    expect(await isBogon("4000::/16")).toBe(true);
    // The example: inside Teredo.
    expect(await isBogon("2001:0:1::/48")).toBe(true);
  });
});
