import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BirdClient } from "@/server/routeserver/bird-client";
import { RPKI_STATE_TAG, RPKI_STATES } from "@/server/routeserver/policy";
import { showRoutes, type ShownRoute } from "../helpers/bird";
import { lan4, RS_ASN, startRouteServerLab, until, type RouteServerLab } from "../helpers/routeserver-lab";

/**
 * Path hiding: A announces 23.1.2.0/24 with "do not announce to C", B announces it too with a longer
 * path. The route server prefers A's route; C must still get the prefix, via B (what arouteserver's
 * configs do), and A's route must still reach everyone else.
 */

const A = 30001;
const B = 30002;
const C = 30003;
const D = 30004;
const PREFIX = "23.1.2.0/24";
const IRR = [{ prefix: "23.1.0.0/16", le: 24 }];

let lab: RouteServerLab;
const members: Record<"a" | "b" | "c" | "d", BirdClient> = {} as never;

beforeAll(async () => {
  lab = await startRouteServerLab([
    { asn: A, name: "Alpha", irr4: IRR },
    { asn: B, name: "Bravo", irr4: IRR },
    { asn: C, name: "Charlie" },
    { asn: D, name: "Delta" },
  ]);
  members.a = await (await lab.startMember(1, `route ${PREFIX} blackhole { bgp_large_community.add((${RS_ASN}, 0, ${C})); };`)).client();
  // B's own ASN once more: its path is longer, so A's route is the route server's best.
  members.b = await (await lab.startMember(2, `route ${PREFIX} blackhole { bgp_path.prepend(${B}); };`)).client();
  members.c = await (await lab.startMember(3, "")).client();
  members.d = await (await lab.startMember(4, "")).client();
  await until("both routes at the route server", async () => ((await showRoutes(lab.rsClient, `show route ${PREFIX} all`)).length === 2 ? true : undefined));
}, 120_000);

afterAll(async () => {
  for (const client of Object.values(members)) client.close();
  await lab?.stop();
});

/** Without an RTR server every route carries the "not checked" ROV tag, to members too. */
const NOT_CHECKED = `(${RS_ASN}, ${RPKI_STATE_TAG}, ${RPKI_STATES.NOT_CHECKED})`;

const routeAt = (client: BirdClient) =>
  until(`${PREFIX} at the member`, async () => (await showRoutes(client, `show route ${PREFIX} protocol to_rs4 all`))[0] as ShownRoute | undefined, 30_000);

describe("path hiding", () => {
  it("prefers A's route at the route server, with both kept", async () => {
    const [best, second] = await showRoutes(lab.rsClient, `show route ${PREFIX} all`);
    expect(best?.path).toEqual([A]);
    expect(best?.largeCommunities).toEqual([`(${RS_ASN}, 0, ${C})`, NOT_CHECKED]);
    expect(second?.path).toEqual([B, B]);
  });

  it("gives C the prefix via B, the best route it is allowed to have", async () => {
    const route = await routeAt(members.c);
    expect(route.path).toEqual([B, B]);
    expect(route.nextHop).toBe(lan4(2));
    expect(route.largeCommunities).toEqual([NOT_CHECKED]);
  });

  it("still sends A's route to the others, and B's route to A", async () => {
    for (const client of [members.b, members.d]) {
      const route = await routeAt(client);
      expect(route.path).toEqual([A]);
      expect(route.nextHop).toBe(lan4(1));
      // The control community is the route server's business only.
      expect(route.largeCommunities).toEqual([NOT_CHECKED]);
    }
    const atA = await routeAt(members.a);
    expect(atA.path).toEqual([B, B]);
    expect(atA.nextHop).toBe(lan4(2));
  });
});
