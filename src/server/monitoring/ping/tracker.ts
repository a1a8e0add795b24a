import type { PingState } from "@/shared/enums";
import type { PingSample } from "./fping-output";

export interface PingTarget {
  ipId: number;
  address: string;
  /** As stored: ips.pingable (null = never probed). */
  pingable: boolean | null;
}

export interface StateChange {
  ipId: number;
  state: PingState;
  at: Date;
  /** up: when the reply came; down: the last reply before the outage (null if none seen). */
  lastSeenUpAt: Date | null;
  /** down only: the first lost probe of the streak. */
  downSince: Date | null;
}

export interface Rollup {
  ipId: number;
  minute: Date;
  sent: number;
  received: number;
  rttMinMs: number | null;
  rttAvgMs: number | null;
  rttMaxMs: number | null;
}

interface TargetState {
  ipId: number;
  state: PingState | null;
  losses: number;
  firstLossAt: Date | null;
  lastReplyAt: Date | null;
  minute: number;
  sent: number;
  received: number;
  rttSum: number;
  rttMin: number;
  rttMax: number;
}

const MINUTE_MS = 60_000;

/**
 * In-memory ping state of every target: turns fping's per-second samples into state changes
 * (up at the first reply, down after `downAfterLosses` lost probes in a row) and per-minute rollups.
 * Pure: no I/O, the caller passes the time.
 */
export class PingTracker {
  private readonly targets = new Map<string, TargetState>();
  private completed: Rollup[] = [];

  constructor(private readonly downAfterLosses: number) {}

  /** Follows the database's target list; known targets keep their state. */
  setTargets(targets: PingTarget[]): void {
    const next = new Map<string, TargetState>();
    for (const target of targets) {
      const known = this.targets.get(target.address);
      next.set(
        target.address,
        known && known.ipId === target.ipId
          ? known
          : {
              ipId: target.ipId,
              state: target.pingable === null ? null : target.pingable ? "up" : "down",
              losses: 0,
              firstLossAt: null,
              lastReplyAt: null,
              minute: 0,
              sent: 0,
              received: 0,
              rttSum: 0,
              rttMin: Infinity,
              rttMax: 0,
            },
      );
    }
    this.targets.clear();
    for (const [address, state] of next) this.targets.set(address, state);
  }

  observe(sample: PingSample, at: Date): StateChange | null {
    const target = this.targets.get(sample.target);
    if (!target || sample.sent === 0) return null;
    this.accumulate(target, sample, at);
    if (sample.received > 0) {
      target.losses = 0;
      target.firstLossAt = null;
      target.lastReplyAt = at;
      if (target.state === "up") return null;
      target.state = "up";
      return { ipId: target.ipId, state: "up", at, lastSeenUpAt: at, downSince: null };
    }
    target.losses += sample.sent;
    target.firstLossAt ??= at;
    if (target.state === "down" || target.losses < this.downAfterLosses) return null;
    target.state = "down";
    return { ipId: target.ipId, state: "down", at, lastSeenUpAt: target.lastReplyAt, downSince: target.firstLossAt };
  }

  private accumulate(target: TargetState, sample: PingSample, at: Date): void {
    const minute = Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
    if (minute !== target.minute) {
      this.completeMinute(target);
      target.minute = minute;
    }
    target.sent += sample.sent;
    target.received += sample.received;
    if (sample.received > 0 && sample.rttAvgMs !== undefined) {
      target.rttSum += sample.rttAvgMs * sample.received;
      target.rttMin = Math.min(target.rttMin, sample.rttMinMs ?? sample.rttAvgMs);
      target.rttMax = Math.max(target.rttMax, sample.rttMaxMs ?? sample.rttAvgMs);
    }
  }

  private completeMinute(target: TargetState): void {
    if (target.sent > 0) {
      const hasRtt = target.received > 0 && target.rttMin !== Infinity;
      this.completed.push({
        ipId: target.ipId,
        minute: new Date(target.minute),
        sent: target.sent,
        received: target.received,
        rttMinMs: hasRtt ? round(target.rttMin) : null,
        rttAvgMs: hasRtt ? round(target.rttSum / target.received) : null,
        rttMaxMs: hasRtt ? round(target.rttMax) : null,
      });
    }
    target.sent = 0;
    target.received = 0;
    target.rttSum = 0;
    target.rttMin = Infinity;
    target.rttMax = 0;
  }

  /** Rollups of every minute that ended before `now` (a quiet target's minute closes here too). */
  takeRollups(now: Date): Rollup[] {
    const currentMinute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
    for (const target of this.targets.values()) {
      if (target.minute !== 0 && target.minute < currentMinute) {
        this.completeMinute(target);
        target.minute = 0;
      }
    }
    const done = this.completed;
    this.completed = [];
    return done;
  }

  counts(): { targets: number; up: number; down: number; unknown: number } {
    let up = 0;
    let down = 0;
    for (const target of this.targets.values()) {
      if (target.state === "up") up++;
      else if (target.state === "down") down++;
    }
    return { targets: this.targets.size, up, down, unknown: this.targets.size - up - down };
  }
}

const round = (value: number) => Math.round(value * 1000) / 1000;
