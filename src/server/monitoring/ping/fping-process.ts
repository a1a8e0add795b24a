import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { parseFpingLine, type PingSample } from "./fping-output";

export interface FpingOptions {
  /** Run inside this network namespace (`ip netns exec NAME fping ...`). */
  netns?: string;
  /** Source address of the probes (`-S`), when they must leave from one address. */
  source?: string;
  periodMs: number;
  sendIntervalMs: number;
  /** How often fping prints its per-target summary; shorter than the period so a loss is seen sooner. */
  summaryMs: number;
}

export interface FpingProcessStatus {
  pid: number | null;
  targets: number;
  restarts: number;
  startedAt: string | null;
  lastError: string | null;
}

const MAX_BACKOFF_MS = 60_000;
/** A process that ran this long is healthy again: the next failure restarts it at once. */
const HEALTHY_AFTER_MS = 60_000;

/** The command line: loop mode, one summary per target per period, target list read from stdin. */
export function fpingCommand(options: FpingOptions): { command: string; args: string[] } {
  const args = ["-l", "-p", String(options.periodMs), "-Q", String(options.summaryMs / 1000), "-i", String(options.sendIntervalMs), ...(options.source ? ["-S", options.source] : []), "-f", "-"];
  return options.netns ? { command: "ip", args: ["netns", "exec", options.netns, "fping", ...args] } : { command: "fping", args };
}

/**
 * One long-lived fping child for a fixed list of targets, restarted with exponential back-off when it
 * dies. Its summaries are handed to `onSample`.
 */
export class FpingProcess {
  private child: ChildProcess | null = null;
  private stopped = false;
  private restarts = 0;
  private backoffMs = 1_000;
  private startedAt: Date | null = null;
  private lastError: string | null = null;
  private restartTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly targets: readonly string[],
    private readonly options: FpingOptions,
    private readonly onSample: (sample: PingSample) => void,
    private readonly onMessage: (text: string) => void,
  ) {}

  start(): void {
    if (this.stopped) return;
    const { command, args } = fpingCommand(this.options);
    const child = spawn(command, args, { stdio: ["pipe", "ignore", "pipe"] });
    this.child = child;
    this.startedAt = new Date();
    child.stdin!.on("error", () => undefined);
    child.stdin!.end(`${this.targets.join("\n")}\n`);
    let lastLine: string | null = null;
    const lines = createInterface({ input: child.stderr! });
    lines.on("line", (line) => {
      const parsed = parseFpingLine(line);
      if (parsed.kind === "sample") this.onSample(parsed.sample);
      else if (parsed.kind === "message" && parsed.text) {
        lastLine = parsed.text.slice(0, 300);
        this.lastError = lastLine;
        this.onMessage(parsed.text);
      }
    });
    child.on("error", (error) => {
      this.lastError = error.message;
      // Spawning failed (no fping, no ip): there is no exit event to restart from.
      if (child.pid === undefined) this.restartLater(child, `could not start: ${error.message}`);
    });
    child.on("exit", (code, signal) => this.restartLater(child, `exited (${signal ?? `code ${code}`})${lastLine ? ` after: ${lastLine}` : ""}`));
  }

  private restartLater(child: ChildProcess, why: string): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.stopped) return;
    this.lastError = `fping ${why}`;
    const ranMs = Date.now() - (this.startedAt?.getTime() ?? 0);
    if (ranMs >= HEALTHY_AFTER_MS) this.backoffMs = 1_000;
    this.restarts++;
    this.onMessage(`fping ${why}; restarting in ${this.backoffMs} ms`);
    this.restartTimer = setTimeout(() => this.start(), this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
  }

  /** Ends the child (SIGTERM, then SIGKILL) and resolves once it is gone. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill("SIGKILL"), 2_000);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill("SIGTERM");
    });
  }

  status(): FpingProcessStatus {
    return {
      pid: this.child?.pid ?? null,
      targets: this.targets.length,
      restarts: this.restarts,
      startedAt: this.startedAt?.toISOString() ?? null,
      lastError: this.lastError,
    };
  }
}
