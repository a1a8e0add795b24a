import type { Database } from "@/server/db/client";
import { tryLease, type HeldLease } from "@/server/db/lease";
import type { ContinuousService, RunningService, ServiceStatus } from "@/server/jobs/types";

const ELECTION_RETRY_MS = 15_000;
const LOCK_CHECK_MS = 15_000;

/**
 * Runs a continuous service in exactly one worker: whoever holds its lease runs it (one ping monitor at a
 * time, not a split of the targets), the others stand by and try again every 15 s. A worker that dies stops
 * renewing, so another one takes over within the lease's lifetime plus one retry (about 45 s).
 */
export class ServiceRunner {
  private lock: HeldLease | null = null;
  private running: RunningService | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private standbyReason = "starting";

  constructor(
    readonly service: ContinuousService,
    private readonly db: Database,
    private readonly log: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    await this.elect();
  }

  private async elect(): Promise<void> {
    if (this.stopped || this.running) return;
    try {
      if (this.service.idleReason()) return;
      this.lock = await tryLease(this.db, `service:${this.service.name}`, { onLost: () => void this.checkLock() });
      if (this.lock) {
        this.running = await this.service.start(this.db, this.log);
        this.log(`${this.service.name}: started`);
        this.timer = setTimeout(() => void this.checkLock(), LOCK_CHECK_MS);
        return;
      }
      this.standbyReason = "standby: another worker runs it";
    } catch (error) {
      this.standbyReason = `standby after an error: ${(error as Error).message}`;
      await this.lock?.release().catch(() => undefined);
      this.lock = null;
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.elect(), ELECTION_RETRY_MS);
  }

  /** A lost lease (not renewed in time, e.g. the database was unreachable) means another worker may take over: stop here and stand by. */
  private async checkLock(): Promise<void> {
    if (this.stopped || !this.lock) return;
    const lock = this.lock;
    if (await lock.stillHeld()) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.checkLock(), LOCK_CHECK_MS);
      return;
    }
    if (this.lock !== lock) return; // the other check (timer or onLost) got here first
    this.lock = null;
    if (this.timer) clearTimeout(this.timer);
    this.log(`${this.service.name}: lost its lease; stopping and standing by`);
    const running = this.running;
    this.running = null;
    await running?.stop().catch(() => undefined);
    await lock.release().catch(() => undefined);
    this.standbyReason = "standby: lost its lease";
    if (!this.stopped) this.timer = setTimeout(() => void this.elect(), ELECTION_RETRY_MS);
  }

  status(): ServiceStatus {
    if (this.running) return this.running.status();
    const idle = this.service.idleReason();
    if (idle) return { state: "idle", reason: idle };
    return { state: this.stopped ? "stopped" : "standby", reason: this.standbyReason };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.stop();
    this.running = null;
    await this.lock?.release();
    this.lock = null;
  }
}
