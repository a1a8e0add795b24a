import type mysql from "mysql2/promise";
import type { Database } from "@/server/db/client";
import { tryLock, type HeldLock } from "@/server/jobs/lock";
import type { ContinuousService, RunningService, ServiceStatus } from "@/server/jobs/types";

const ELECTION_RETRY_MS = 15_000;

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
