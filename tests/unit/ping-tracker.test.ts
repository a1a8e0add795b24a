import { describe, expect, it } from "vitest";
import { parseFpingLine } from "@/server/monitoring/ping/fping-output";
import { shardTargets } from "@/server/monitoring/ping/monitor";
import { PingTracker } from "@/server/monitoring/ping/tracker";

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
const reply = (target: string, rtt = 1) => ({ target, sent: 1, received: 1, rttMinMs: rtt, rttAvgMs: rtt, rttMaxMs: rtt });
const loss = (target: string) => ({ target, sent: 1, received: 0 });

describe("fping interval summaries", () => {
  it("reads replies, losses, interval headers and anything else as a message", () => {
    expect(parseFpingLine("198.18.0.5    : xmt/rcv/%loss = 1/1/0%, min/avg/max = 0.037/0.041/0.052")).toEqual({
      kind: "sample",
      sample: { target: "198.18.0.5", sent: 1, received: 1, rttMinMs: 0.037, rttAvgMs: 0.041, rttMaxMs: 0.052 },
    });
    expect(parseFpingLine("2001:2:0:1::6 : xmt/rcv/%loss = 1/0/100%")).toEqual({ kind: "sample", sample: { target: "2001:2:0:1::6", sent: 1, received: 0 } });
    expect(parseFpingLine("[16:23:22]")).toEqual({ kind: "interval" });
    expect(parseFpingLine("fping: not enough sequence numbers available!")).toEqual({ kind: "message", text: "fping: not enough sequence numbers available!" });
  });
});

describe("ping state", () => {
  it("goes down only after N consecutive losses, and up at the first reply", () => {
    const tracker = new PingTracker(3);
    tracker.setTargets([{ ipId: 1, address: "198.18.0.5", pingable: true }]);
    expect(tracker.observe(loss("198.18.0.5"), at(1))).toBeNull();
    expect(tracker.observe(loss("198.18.0.5"), at(2))).toBeNull();
    expect(tracker.observe(reply("198.18.0.5"), at(3))).toBeNull(); // the streak is broken: no flap
    expect(tracker.observe(loss("198.18.0.5"), at(4))).toBeNull();
    expect(tracker.observe(loss("198.18.0.5"), at(5))).toBeNull();
    expect(tracker.observe(loss("198.18.0.5"), at(6))).toEqual({ ipId: 1, state: "down", at: at(6), lastSeenUpAt: at(3), downSince: at(4) });
    expect(tracker.observe(loss("198.18.0.5"), at(7))).toBeNull();
    expect(tracker.observe(reply("198.18.0.5"), at(8))).toEqual({ ipId: 1, state: "up", at: at(8), lastSeenUpAt: at(8), downSince: null });
    expect(tracker.counts()).toEqual({ targets: 1, up: 1, down: 0, unknown: 0 });
  });

  it("starts from the stored state and reports a never-probed target either way", () => {
    const tracker = new PingTracker(2);
    tracker.setTargets([
      { ipId: 1, address: "a", pingable: null },
      { ipId: 2, address: "b", pingable: false },
      { ipId: 3, address: "c", pingable: null },
    ]);
    expect(tracker.observe(reply("a"), at(1))?.state).toBe("up");
    expect(tracker.observe(loss("b"), at(1))).toBeNull();
    expect(tracker.observe(loss("b"), at(2))).toBeNull(); // already down: nothing to write
    tracker.observe(loss("c"), at(1));
    expect(tracker.observe(loss("c"), at(2))).toMatchObject({ ipId: 3, state: "down", lastSeenUpAt: null, downSince: at(1) });
    expect(tracker.observe(reply("unknown-target"), at(3))).toBeNull();
  });

  it("keeps state across target list refreshes and forgets removed targets", () => {
    const tracker = new PingTracker(1);
    tracker.setTargets([{ ipId: 1, address: "a", pingable: true }]);
    tracker.observe(loss("a"), at(1));
    tracker.setTargets([
      { ipId: 1, address: "a", pingable: true },
      { ipId: 2, address: "b", pingable: null },
    ]);
    expect(tracker.counts()).toEqual({ targets: 2, up: 0, down: 1, unknown: 1 });
    tracker.setTargets([{ ipId: 2, address: "b", pingable: null }]);
    expect(tracker.counts()).toEqual({ targets: 1, up: 0, down: 0, unknown: 1 });
  });

  it("rolls samples up per minute", () => {
    const tracker = new PingTracker(3);
    tracker.setTargets([{ ipId: 7, address: "a", pingable: true }]);
    tracker.observe(reply("a", 2), at(0));
    tracker.observe(reply("a", 4), at(30));
    tracker.observe(loss("a"), at(59));
    expect(tracker.takeRollups(at(59))).toEqual([]);
    tracker.observe(reply("a", 1), at(61));
    expect(tracker.takeRollups(at(61))).toEqual([{ ipId: 7, minute: at(0), sent: 3, received: 2, rttMinMs: 2, rttAvgMs: 3, rttMaxMs: 4 }]);
    expect(tracker.takeRollups(at(125))).toEqual([{ ipId: 7, minute: at(60), sent: 1, received: 1, rttMinMs: 1, rttAvgMs: 1, rttMaxMs: 1 }]);
    expect(tracker.takeRollups(at(190))).toEqual([]);
  });
});

describe("splitting targets across fping processes", () => {
  it("keeps every process at or under the limit and assigns each IP to one process by id", () => {
    const targets = Array.from({ length: 13_000 }, (_, i) => ({ ipId: i + 1, address: `t${i + 1}`, pingable: null }));
    const shards = shardTargets(targets, 6_000);
    expect(shards).toHaveLength(3);
    expect(shards.every((shard) => shard.length <= 6_000)).toBe(true);
    expect(new Set(shards.flat()).size).toBe(13_000);
    expect(shardTargets([], 6_000)).toEqual([]);
    const grown = shardTargets([...targets, { ipId: 13_001, address: "new", pingable: null }], 6_000);
    // Adding one IP changes only the process it lands in.
    expect(grown.filter((shard, i) => shard.join() !== shards[i]!.join())).toHaveLength(1);
  });
});
