import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderOptionsSchema } from "@/server/routeserver/model";
import { renderRouteServerConfig } from "@/server/routeserver/render";
import { BENCH_ROUTE_SERVER, syntheticMembers } from "../helpers/synthetic-ix";

/**
 * BIRD 2.0.12 must parse the route-server config of a 10,000-member IX (20,000 sessions, about a
 * million IRR prefixes) in under 5 s, or every `birdc configure` stalls the route server that long.
 * CPU time, not wall time: this machine is shared.
 */

const dir = mkdtempSync(join(tmpdir(), "ixp-rs-scale-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("route-server config at 10,000 members", () => {
  it("parses in under 5 s of CPU time", () => {
    const { config, sessions } = renderRouteServerConfig({
      routeServer: BENCH_ROUTE_SERVER.routeServer,
      members: syntheticMembers(10_000),
      options: renderOptionsSchema.parse({ lanPrefixes: BENCH_ROUTE_SERVER.lanPrefixes }),
    });
    expect(sessions).toHaveLength(20_000);
    const path = join(dir, "rs1.conf");
    writeFileSync(path, config);
    // GNU time prints "user system" of the child on the last line of stderr.
    const timed = spawnSync("/usr/bin/time", ["-f", "%U %S", "bird", "-p", "-c", path], { encoding: "utf8" });
    expect(timed.status, timed.stderr).toBe(0);
    const [user, system] = timed.stderr.trim().split("\n").at(-1)!.split(" ").map(Number) as [number, number];
    expect(user + system).toBeLessThan(5);
  }, 120_000);
});
