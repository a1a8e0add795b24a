import type mysql from "mysql2/promise";
import type { Database } from "@/server/db/client";
import { tryLock, type HeldLock } from "@/server/jobs/lock";
import type { ContinuousService, RunningService, ServiceStatus } from "@/server/jobs/types";

const ELECTION_RETRY_MS = 15_000;
const LOCK_CHECK_MS = 15_000;

/**
 * Runs a continuous service in exactly one worker: whoever holds its database lock runs it,
 * the others stand by and try again every 15 s (the lock frees itself if that worker dies).
 */
export class ServiceRunner {
  private lock: HeldLock | null = null;
  private running: RunningService | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private standbyReason = "starting";

  constructor(
    readonly service: ContinuousService,
    private readonly db: Database,
    private readonly pool: mysql.Pool,
    private readonly log: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    await this.elect();
  }

  private async elect(): Promise<void> {
    if (this.stopped || this.running) return;
    try {
      if (this.service.idleReason()) return;
      this.lock = await tryLock(this.pool, `service:${this.service.name}`);
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

  /** A lost lock (database restart) means another worker may take over: stop here and stand by. */
  private async checkLock(): Promise<void> {
    if (this.stopped || !this.lock) return;
    if (await this.lock.stillHeld()) {
      this.timer = setTimeout(() => void this.checkLock(), LOCK_CHECK_MS);
      return;
    }
    this.log(`${this.service.name}: lost its database lock; stopping and standing by`);
    await this.running?.stop().catch(() => undefined);
    this.running = null;
    await this.lock.release().catch(() => undefined);
    this.lock = null;
    this.standbyReason = "standby: lost the database lock";
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
