import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { sql } from "drizzle-orm";
import { env } from "@/server/env";
import type { Database } from "./client";
import { retryOnConflict } from "./retry";

/**
 * Leases instead of GET_LOCK: one holder per name across every process and host, on one MariaDB/MySQL and on
 * Galera alike (a row in `leases`; see the schema). Taking one is a conditional UPDATE/INSERT, so two nodes that
 * race for it conflict at commit and exactly one wins (the loser retries and finds it held). The holder renews
 * it every third of its lifetime; a holder that dies simply stops renewing and the lease is taken over once it
 * has expired. Every new holder gets a higher token (its generation); check `assertHeld()` before acting where an overlap
 * would do harm (writing a route server's config, recording a result).
 */

const POLL_MS = 200;

export interface LeaseOptions {
  /** Lifetime without renewal; a dead holder blocks others this long at most. */
  ttlMs?: number;
  /** Keep trying this long while someone else holds it (0: one try). */
  waitMs?: number;
  /** Renew in the background (default); off only to simulate a holder that stalls. */
  autoRenew?: boolean;
  /** Called once when a renewal finds the lease gone (taken over after expiry) or the local deadline passes. */
  onLost?: () => void;
}

export interface HeldLease {
  readonly name: string;
  /** Fencing token: strictly greater than that of every earlier holder. */
  readonly token: number;
  /** Still ours: not released, not expired, not taken over (asks the database; false if it cannot be reached). */
  stillHeld(): Promise<boolean>;
  /** Throws LeaseLostError unless stillHeld(). */
  assertHeld(): Promise<void>;
  /** Extends the lease now; false if it is no longer ours. */
  renew(): Promise<boolean>;
  /** Gives it up at once (others may take it immediately); never touches a lease someone else took over. */
  release(): Promise<void>;
}

export class LeaseLostError extends Error {
  override name = "LeaseLostError";
  constructor(leaseName: string) {
    super(`lost the lease ${leaseName}: it expired and another process may have taken over; stopped before acting`);
  }
}

const now3 = sql`UTC_TIMESTAMP(3)`;
const expiry = (ttlMs: number) => sql`UTC_TIMESTAMP(3) + INTERVAL ${Math.round(ttlMs * 1000)} MICROSECOND`;

const affected = (result: unknown) => (result as [{ affectedRows: number }])[0].affectedRows;

/** One attempt: take the lease if it is free, expired or released; its token if we got it. */
async function take(db: Database, name: string, holder: string, ttlMs: number): Promise<number | null> {
  return retryOnConflict(
    () =>
      db.transaction(async (tx) => {
        const takenOver = affected(
          await tx.execute(
            sql`UPDATE leases SET holder = ${holder}, token = token + 1, expires_at = ${expiry(ttlMs)}, acquired_at = ${now3}
                WHERE name = ${name} AND expires_at <= ${now3}`,
          ),
        );
        if (takenOver === 0) {
          const created = affected(
            await tx.execute(
              sql`INSERT IGNORE INTO leases (name, holder, token, expires_at, acquired_at) VALUES (${name}, ${holder}, 1, ${expiry(ttlMs)}, ${now3})`,
            ),
          );
          if (created === 0) return null;
        }
        const [rows] = (await tx.execute(sql`SELECT token FROM leases WHERE name = ${name} AND holder = ${holder}`)) as unknown as [{ token: number | string }[]];
        return rows[0] ? Number(rows[0].token) : null;
      }),
    { what: `taking the lease ${name}` },
  );
}

/** Takes the named lease, waiting up to waitMs for its holder to release it or let it expire; null if held elsewhere. */
export async function tryLease(db: Database, name: string, options: LeaseOptions = {}): Promise<HeldLease | null> {
  const ttlMs = options.ttlMs ?? env().LEASE_SECONDS * 1000;
  const holder = `${hostname()}:${process.pid}:${randomUUID()}`.slice(0, 191);
  const giveUpAt = Date.now() + (options.waitMs ?? 0);
  let token: number | null;
  let startedAt: number;
  for (;;) {
    startedAt = Date.now();
    token = await take(db, name, holder, ttlMs);
    if (token !== null || Date.now() >= giveUpAt) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS * (0.5 + Math.random()), Math.max(0, giveUpAt - Date.now()))));
  }
  if (token === null) return null;
  return new Lease(db, name, holder, token, ttlMs, startedAt, options);
}

class Lease implements HeldLease {
  private released = false;
  private lost = false;
  /** Our own conservative view of the expiry: counted from before the last successful renewal was sent. */
  private localDeadline: number;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    readonly name: string,
    private readonly holder: string,
    readonly token: number,
    private readonly ttlMs: number,
    takenAt: number,
    private readonly options: LeaseOptions,
  ) {
    this.localDeadline = takenAt + ttlMs;
    if (options.autoRenew !== false) {
      this.timer = setInterval(() => void this.renewInBackground(), Math.max(50, Math.floor(ttlMs / 3)));
      this.timer.unref();
    }
  }

  private ours() {
    return sql`name = ${this.name} AND holder = ${this.holder} AND token = ${this.token}`;
  }

  private markLost() {
    if (this.lost || this.released) return;
    this.lost = true;
    if (this.timer) clearInterval(this.timer);
    this.options.onLost?.();
  }

  private async renewInBackground() {
    // A renewal that cannot reach the database keeps the lease only until our own deadline; one that hangs
    // (no answer at all) is caught by the next tick, which runs whether or not the last one returned.
    if (Date.now() >= this.localDeadline) return this.markLost();
    if (!(await this.renew().catch(() => Date.now() < this.localDeadline))) this.markLost();
  }

  async renew(): Promise<boolean> {
    if (this.released || this.lost) return false;
    const sentAt = Date.now();
    const renewed = await retryOnConflict(
      async () => affected(await this.db.execute(sql`UPDATE leases SET expires_at = ${expiry(this.ttlMs)} WHERE ${this.ours()}`)) === 1,
      { what: `renewing the lease ${this.name}` },
    );
    if (renewed) this.localDeadline = sentAt + this.ttlMs;
    else this.markLost();
    return renewed;
  }

  async stillHeld(): Promise<boolean> {
    if (this.released || this.lost || Date.now() >= this.localDeadline) return false;
    try {
      const [rows] = (await this.db.execute(sql`SELECT 1 AS held FROM leases WHERE ${this.ours()} AND expires_at > ${now3}`)) as unknown as [unknown[]];
      // An answer that took until past our deadline says nothing about now.
      return rows.length === 1 && Date.now() < this.localDeadline;
    } catch {
      return false;
    }
  }

  async assertHeld(): Promise<void> {
    if (!(await this.stillHeld())) throw new LeaseLostError(this.name);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (this.timer) clearInterval(this.timer);
    await retryOnConflict(() => this.db.execute(sql`UPDATE leases SET holder = NULL, expires_at = ${now3} WHERE ${this.ours()}`), {
      what: `releasing the lease ${this.name}`,
    });
  }
}
