import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { emailOutbox, ipRouteServerSessions } from "@/server/db/schema";
import { parseShowProtocolsAll } from "@/server/routeserver/bird-status";
import { refreshRouteServerSessions } from "@/server/routeserver/sessions";
import { showRoutes } from "../helpers/bird";
import { lan4, startRouteServerLab, until, type RouteServerLab } from "../helpers/routeserver-lab";

/**
 * A member with max-prefix 100 floods the route server with 50,000 bogon /24s. Filtered routes are
 * kept for the looking glass, so only a limit on what the member *sends* bounds the route server's
 * memory: the receive limit (max-prefix × RS_RECEIVE_LIMIT_FACTOR = 400) shuts the session, the
 * sessions job sees why and queues one email to the member.
 */

const FLOODER = 30001;
const PEER = 30002;
const FLOOD = 50_000;
const floodRoutes = Array.from({ length: FLOOD }, (_, i) => `route 10.${i >> 8}.${i & 255}.0/24 blackhole;`).join("\n");

let lab: RouteServerLab;

/** BIRD's `show memory` line for the routing tables, in bytes. */
async function routingTableBytes(): Promise<number> {
  const text = (await lab.rsClient.command("show memory")).map((l) => l.text).join("\n");
  const match = /Routing tables:\s+([\d.]+)\s+(B|kB|MB|GB)/.exec(text);
  if (!match) throw new Error(`no routing tables in ${text}`);
  return Number(match[1]) * { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[match[2] as "B" | "kB" | "MB" | "GB"];
}

const sessionOf = async (protocol: string) => parseShowProtocolsAll(await lab.rsClient.command(`show protocols all ${protocol}`))[0];

beforeAll(async () => {
  lab = await startRouteServerLab(
    [
      { asn: FLOODER, name: "Flood Networks", contactEmail: "contact@flood.example", maxPrefixV4: 100, irr4: [{ prefix: "23.1.0.0/16", le: 24 }] },
      { asn: PEER, name: "Peer Networks" },
    ],
    { RS_MAX_PREFIX_ACTION: "disable", RS_RECEIVE_LIMIT_FACTOR: 4 },
  );
  await lab.startMember(2, "route 45.2.0.0/24 blackhole;");
  await until("the peer's session", async () => ((await sessionOf(lab.protocolOf(2)))?.bgpState === "Established" ? true : undefined));
  await lab.startMember(1, `route 23.1.1.0/24 blackhole;\n${floodRoutes}`);
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe("receive limit under a route flood", () => {
  it("shuts the flooding session with the receive limit as the reason, and frees its routes", async () => {
    const session = await until(
      "the flooder's session to be shut",
      async () => {
        const status = await sessionOf(lab.protocolOf(1));
        return status?.state === "down" ? status : undefined;
      },
      90_000,
    );
    expect(session).toMatchObject({ state: "down", lastError: "Automatic shutdown: Route limit exceeded", receiveLimit: { limit: 400, hit: true }, importLimit: { limit: 100, hit: false } });
    expect(await showRoutes(lab.rsClient, `show route protocol ${lab.protocolOf(1)}`)).toEqual([]);
    expect(await showRoutes(lab.rsClient, `show route filtered protocol ${lab.protocolOf(1)}`)).toEqual([]);
    // 50,000 filtered routes kept would take megabytes; what is left is the peer's one route.
    expect(await routingTableBytes()).toBeLessThan(512 * 1024);
    expect((await sessionOf(lab.protocolOf(2)))?.bgpState).toBe("Established");
  });

  it("stores the session as down and queues one email to the member, once", async () => {
    const now = new Date();
    const first = await refreshRouteServerSessions(lab.test.db, now);
    expect(first.routeLimitEmails).toBe(1);
    const [stored] = await lab.test.db.select().from(ipRouteServerSessions).where(eq(ipRouteServerSessions.ipId, lab.ipIdOf(1)));
    expect(stored).toMatchObject({ state: "down", lastError: "Automatic shutdown: Route limit exceeded" });

    const again = await refreshRouteServerSessions(lab.test.db, new Date(now.getTime() + 60_000));
    expect(again.routeLimitEmails).toBe(0);
    const emails = await lab.test.db.select().from(emailOutbox);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ toAddress: "contact@flood.example", status: "pending" });
    expect(emails[0]!.subject).toContain("rs1 shut down your BGP session: too many routes");
    expect(emails[0]!.textBody).toContain(`${lan4(1)} (AS${FLOODER})`);
    expect(emails[0]!.textBody).toContain("it sent more than 400 routes (our receive limit, which counts filtered routes too)");
    expect(emails[0]!.textBody).toContain("stays down until");
  });
});
