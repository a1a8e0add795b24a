import { describe, expect, it } from "vitest";
import { parseShowProtocolsAll } from "@/server/routeserver/bird-status";
import { isRouteLimitDown, routeLimitKey } from "@/server/routeserver/limit-emails";
import { receiveLimitAction, sessionLimits } from "@/server/routeserver/model";
import { renderOptionsFromEnv } from "@/server/routeserver/queries";
import { parseEnv } from "@/server/env";

describe("route-server session limits", () => {
  it("sets the receive limit to max-prefix × factor, and always takes the session down when it is hit", () => {
    expect(sessionLimits(100, { receiveLimitFactor: 4 })).toEqual({ importLimit: 100, receiveLimit: 400 });
    expect(sessionLimits(3, { receiveLimitFactor: 2.5 })).toEqual({ importLimit: 3, receiveLimit: 8 });
    expect(sessionLimits(4294967295, { receiveLimitFactor: 4 }).receiveLimit).toBe(4294967295);
    expect(receiveLimitAction("disable")).toBe("disable");
    for (const action of ["restart", "block", "warn"] as const) expect(receiveLimitAction(action)).toBe("restart");
  });

  it("reads RS_RECEIVE_LIMIT_FACTOR (default 4) and refuses a factor that would undercut max-prefix", () => {
    expect(renderOptionsFromEnv(parseEnv({}), []).receiveLimitFactor).toBe(4);
    expect(renderOptionsFromEnv(parseEnv({ RS_RECEIVE_LIMIT_FACTOR: "2.5" }), []).receiveLimitFactor).toBe(2.5);
    expect(() => parseEnv({ RS_RECEIVE_LIMIT_FACTOR: "0.5" })).toThrow(/RS_RECEIVE_LIMIT_FACTOR/);
    expect(() => parseEnv({ RS_RECEIVE_LIMIT_FACTOR: "lots" })).toThrow(/RS_RECEIVE_LIMIT_FACTOR/);
  });

  it("reads which limit BIRD marked hit, and keys one email per address, route server and day", () => {
    const [status] = parseShowProtocolsAll([
      { code: 1002, text: "AS30001_4_1 BGP        ---        down   2026-11-29 20:04:30 +0000  " },
      { code: 1006, text: "  BGP state:          Down" },
      { code: 1006, text: "    Neighbor address: 198.18.0.11" },
      { code: 1006, text: "    Last error:       Automatic shutdown: Route limit exceeded" },
      { code: 1006, text: "  Channel ipv4" },
      { code: 1006, text: "    Receive limit:  400 [HIT]" },
      { code: 1006, text: "      Action:       disable" },
      { code: 1006, text: "    Import limit:   100" },
    ]);
    expect(status).toMatchObject({ receiveLimit: { limit: 400, hit: true }, importLimit: { limit: 100, hit: false } });
    expect(isRouteLimitDown(status!)).toBe(true);
    expect(isRouteLimitDown({ ...status!, bgpState: "Established" })).toBe(false);
    const hit = { ipId: 7, routeServerId: 2, routeServerName: "rs1", protocol: status! };
    expect(routeLimitKey(hit, new Date("2026-12-01T00:00:00Z"))).toBe("rs-route-limit:ip:7:rs:2:down-day:2026-11-29");
  });
});
