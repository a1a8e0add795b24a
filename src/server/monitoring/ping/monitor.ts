import type { Database } from "@/server/db/client";
import { env } from "@/server/env";
import { FpingProcess, type FpingOptions, type FpingProcessStatus } from "./fping-process";
import { loadPingTargets, storeRollups, storeStateChanges } from "./store";
import { PingTracker, type PingTarget, type StateChange } from "./tracker";

export interface PingMonitorConfig extends FpingOptions {
  downAfterLosses: number;
  targetsPerProcess: number;
  /** How often the target list is re-read from the database. */
  refreshMs: number;
  /** How often state changes are written (in one batch). */
  flushMs: number;
}

export type PingMonitorStatus = {
  state: "running" | "idle";
  /** Why the monitor is idle, or where its probes go. */
  reason: string;
  targets: number;
  up: number;
  down: number;
  unknown: number;
  processes: FpingProcessStatus[];
  eventsWritten: number;
  monitorSwitchedOn: number;
  lastFlushAt: string | null;
  lastError: string | null;
};

export function pingMonitorConfig(): PingMonitorConfig {
  const e = env();
  return {
    netns: e.PING_NETNS,
    periodMs: 1_000,
    summaryMs: 500,
    sendIntervalMs: e.PING_SEND_INTERVAL_MS,
    downAfterLosses: e.PING_DOWN_AFTER_LOSSES,
    targetsPerProcess: e.PING_TARGETS_PER_PROCESS,
    refreshMs: 10_000,
    flushMs: 250,
  };
}

/** Safety first: probes leave the machine only when an operator said so. */
export function whyPingMonitorIsIdle(e = env()): string | null {
  if (e.PING_NETNS || e.PING_ENABLED) return null;
  return "idle: set PING_NETNS (demo: probes stay in that network namespace) or PING_ENABLED=true (real deployment) to start pinging";
}

/** Splits targets across fping processes by IP id, so a new IP restarts only the process it lands in. */
export function shardTargets(targets: PingTarget[], perProcess: number): string[][] {
  if (targets.length === 0) return [];
  let count = Math.ceil(targets.length / perProcess);
  for (;;) {
    const shards: string[][] = Array.from({ length: count }, () => []);
    for (const target of targets) shards[target.ipId % count]!.push(target.address);
    if (shards.every((shard) => shard.length <= perProcess)) return shards.filter((shard) => shard.length > 0);
    count++;
  }
}

/**
 * The continuous 1 Hz ping monitor: long-lived fping children in loop mode, state in memory,
 * only state changes and per-minute rollups written, target list re-read from the database.
 */
export class PingMonitor {
  private readonly tracker: PingTracker;
  private processes: FpingProcess[] = [];
  private pending: StateChange[] = [];
  private timers: NodeJS.Timeout[] = [];
  private flushing: Promise<void> | null = null;
  private eventsWritten = 0;
  private monitorSwitchedOn = 0;
  private lastFlushAt: Date | null = null;
  private lastError: string | null = null;
  private running = false;

  constructor(
    private readonly db: Database,
    private readonly config: PingMonitorConfig,
    private readonly actor = "worker:ping-monitor",
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.tracker = new PingTracker(config.downAfterLosses);
  }

  async start(): Promise<void> {
    this.running = true;
    await this.refreshTargets();
    this.timers.push(setInterval(() => void this.refreshTargets().catch((error) => this.fail(error)), this.config.refreshMs));
    this.timers.push(setInterval(() => void this.flush(), this.config.flushMs));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await Promise.all(this.processes.map((process) => process.stop()));
    this.processes = [];
    await this.flush();
  }

  private fail(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.log(`ping monitor: ${this.lastError}`);
  }

  /** Re-reads the IPs; restarts only the fping processes whose target list changed. */
  async refreshTargets(): Promise<void> {
    const targets = await loadPingTargets(this.db);
    if (!this.running) return;
    this.tracker.setTargets(targets);
    const shards = shardTargets(targets, this.config.targetsPerProcess);
    const next: FpingProcess[] = [];
    const stopping: Promise<void>[] = [];
    for (let i = 0; i < Math.max(shards.length, this.processes.length); i++) {
      const current = this.processes[i];
      const wanted = shards[i];
      if (current && wanted && current.targets.join("\n") === wanted.join("\n")) {
        next.push(current);
        continue;
      }
      if (current) stopping.push(current.stop());
      if (wanted) {
        const process = new FpingProcess(
          wanted,
          this.config,
          (sample) => {
            const change = this.tracker.observe(sample, new Date());
            if (change) this.pending.push(change);
          },
          (text) => this.log(`fping: ${text}`),
        );
        process.start();
        next.push(process);
      }
    }
    this.processes = next;
    await Promise.all(stopping);
  }

  /** Writes pending state changes (and finished minutes' rollups); on a database error they are kept for the next try. */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      const batch = this.pending;
      this.pending = [];
      try {
        this.monitorSwitchedOn += await storeStateChanges(this.db, batch, this.actor);
        this.eventsWritten += batch.length;
        this.lastFlushAt = new Date();
      } catch (error) {
        // Not written: keep them, in order, for the next flush.
        this.pending = [...batch, ...this.pending];
        this.fail(error);
      }
      try {
        await storeRollups(this.db, this.tracker.takeRollups(new Date()));
      } catch (error) {
        this.fail(error);
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  status(): PingMonitorStatus {
    return {
      state: "running",
      reason: this.config.netns ? `probing inside network namespace ${this.config.netns}` : "probing on the host network (PING_ENABLED=true)",
      ...this.tracker.counts(),
      processes: this.processes.map((process) => process.status()),
      eventsWritten: this.eventsWritten,
      monitorSwitchedOn: this.monitorSwitchedOn,
      lastFlushAt: this.lastFlushAt?.toISOString() ?? null,
      lastError: this.lastError,
    };
  }
}
