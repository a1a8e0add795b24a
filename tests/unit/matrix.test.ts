import { describe, expect, it } from "vitest";
import { describeCell, linkHealth, type MeshMatrix } from "@/server/matrix/mesh-matrix";
import { meshPath, samplePairs } from "@/server/matrix/member-matrix";
import { probedLinks } from "@/server/matrix/mesh-probe";
import { nextLinkState } from "@/server/matrix/mesh-store";

const T = new Date("2026-11-29T12:00:00.000Z");
const probe = (over: Partial<Parameters<typeof linkHealth>[1] & object> = {}) => ({ state: "up" as const, stateSince: T, sent: 2, received: 2, rttAvgMs: 0.4, reportedAt: T, ...over });

describe("mesh link state", () => {
  it("counts losses across reports and keeps the state until the threshold", () => {
    expect(nextLinkState(undefined, 1, 0, 3)).toEqual({ state: null, lostInARow: 1 });
    expect(nextLinkState({ state: "up", lostInARow: 1 }, 1, 0, 3)).toEqual({ state: "up", lostInARow: 2 });
    expect(nextLinkState({ state: "up", lostInARow: 2 }, 1, 0, 3)).toEqual({ state: "down", lostInARow: 3 });
    expect(nextLinkState({ state: "down", lostInARow: 9 }, 2, 1, 3)).toEqual({ state: "up", lostInARow: 0 });
  });

  it("colours a cell from the latest report, grey when stale or missing", () => {
    expect(linkHealth(true, probe(), T).health).toBe("up");
    expect(linkHealth(true, probe({ received: 1 }), T)).toMatchObject({ health: "lossy", loss: 0.5 });
    expect(linkHealth(true, probe({ state: "down", received: 0 }), T)).toMatchObject({ health: "down", loss: 1 });
    expect(linkHealth(true, probe(), new Date(T.getTime() + 30_001))).toMatchObject({ health: "no-data", since: T });
    expect(linkHealth(true, undefined, T).health).toBe("no-data");
    expect(linkHealth(false, undefined, T).health).toBe("no-link");
  });

  it("describes a cell in words with numbers and since", () => {
    const cell = { from: "TA", to: "TB", since: T };
    expect(describeCell({ ...cell, health: "up", loss: 0, rttAvgMs: 0.44 })).toBe("up 0.4 ms since 2026-11-29 12:00:00 UTC");
    expect(describeCell({ ...cell, health: "lossy", loss: 0.25, rttAvgMs: 1.5 })).toBe("up 25% loss 1.5 ms since 2026-11-29 12:00:00 UTC");
    expect(describeCell({ ...cell, health: "down", loss: 1, rttAvgMs: null })).toBe("DOWN 100% loss since 2026-11-29 12:00:00 UTC");
    expect(describeCell({ ...cell, health: "no-data", loss: null, rttAvgMs: null, since: null })).toBe("no data yet");
  });
});

describe("the probe's links", () => {
  it("probe from the VXLAN device's local address, the path the mesh packets take", () => {
    const state = {
      interfaces: [{ kind: "vxlan" as const, name: "ixpmesh", vni: 1, port: 4789, local: "10.0.0.1", flood: ["10.0.0.2"], learning: true, role: "mesh" as const, comment: "" }],
      mesh: [{ peer: "TB", relation: "full-mesh" as const, interface: "ixpmesh", vni: 1, remote: "10.0.0.2" }],
    };
    expect(probedLinks(state)).toEqual([{ peer: "TB", remote: "10.0.0.2", local: "10.0.0.1" }]);
  });
});

describe("member pairs", () => {
  const cell = (from: string, to: string, health: "up" | "down" | "no-link") => ({ from, to, health, loss: null, rttAvgMs: null, since: null });
  // TA, TB full; TC satellite of TA.
  const mesh: MeshMatrix = {
    pops: [{ code: "TA", name: "A" }, { code: "TB", name: "B" }, { code: "TC", name: "C" }],
    rows: [
      [null, cell("TA", "TB", "up"), cell("TA", "TC", "up")],
      [cell("TB", "TA", "down"), null, cell("TB", "TC", "no-link")],
      [cell("TC", "TA", "up"), cell("TC", "TB", "no-link"), null],
    ],
  };
  const hubs = new Map([["TC", "TA"]]);

  it("finds the path through a satellite's hub, in each direction", () => {
    expect(meshPath(mesh, hubs, "TC", "TB")!.map((hop) => `${hop.from}>${hop.to}`)).toEqual(["TC>TA", "TA>TB"]);
    expect(meshPath(mesh, hubs, "TB", "TC")!.map((hop) => `${hop.from}>${hop.to}`)).toEqual(["TB>TA", "TA>TC"]);
    expect(meshPath(mesh, hubs, "TA", "TA")).toEqual([]);
  });

  it("samples distinct pairs of different members on the same family, never more than exist", () => {
    const ends = [1, 2, 3, 4].map((clientId) => ({ clientId, family: 4 })).concat([{ clientId: 1, family: 6 }]);
    const pairs = samplePairs(ends, 5, () => 0.5);
    expect(pairs).toHaveLength(5);
    expect(new Set(pairs.map(([a, b]) => `${a.clientId}-${b.clientId}`)).size).toBe(5);
    for (const [a, b] of pairs) expect([a.clientId !== b.clientId, a.family === b.family]).toEqual([true, true]);
    expect(samplePairs(ends, 100)).toHaveLength(12);
  });
});
