import { spawn } from "node:child_process";
import { createConnection } from "node:net";
import { Duplex } from "node:stream";
import { sshArguments } from "./ssh";

/**
 * A small client for BIRD's control protocol (what birdc speaks): each reply line is
 * "NNNN-text" (more follows), " text" (continues the previous code) or "NNNN text" (last line).
 * Codes 0xxx are success, 8xxx runtime errors, 9xxx parse errors; "+" lines are async notices.
 */

export interface BirdLine {
  code: number;
  text: string;
}

export class BirdError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}

/** Where a route server's BIRD listens: a local socket, or a socket on a host reached over SSH. */
export interface BirdEndpoint {
  controlSocket: string;
  sshHost?: string | null;
  sshUser?: string | null;
}

const SAFE_PATH = /^\/[A-Za-z0-9_./-]+$/;

export class BirdClient {
  private buffer = "";
  private lines: BirdLine[] = [];
  private lastCode = 0;
  private pending?: { resolve: (lines: BirdLine[]) => void; reject: (error: Error) => void };
  private queue: Promise<unknown> = Promise.resolve();
  private closedError?: Error;

  private constructor(private readonly stream: Duplex) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => this.receive(chunk));
    stream.on("error", (error) => this.fail(new BirdError(`BIRD control connection: ${error.message}`)));
    stream.on("close", () => this.fail(new BirdError("BIRD closed the control connection")));
  }

  /** Connects and waits for BIRD's greeting ("0001 BIRD x.y ready."). */
  static async connect(endpoint: BirdEndpoint, timeoutMs = endpoint.sshHost ? 20_000 : 5_000): Promise<BirdClient> {
    if (!SAFE_PATH.test(endpoint.controlSocket)) throw new BirdError(`unsafe control socket path ${JSON.stringify(endpoint.controlSocket)}`);
    const client = new BirdClient(endpoint.sshHost ? sshStream(endpoint) : createConnection(endpoint.controlSocket));
    await client.awaitReply(timeoutMs);
    return client;
  }

  /** Runs one command and returns its reply lines; a 8xxx/9xxx reply becomes a BirdError. */
  command(text: string, timeoutMs = 30_000): Promise<BirdLine[]> {
    if (/[\r\n]/.test(text)) throw new BirdError("a BIRD command is one line");
    const run = async () => {
      const reply = this.awaitReply(timeoutMs);
      this.stream.write(`${text}\n`);
      return reply;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.stream.destroy();
  }

  private awaitReply(timeoutMs: number): Promise<BirdLine[]> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new BirdError(`BIRD did not answer within ${timeoutMs} ms`)), timeoutMs);
      this.pending = {
        resolve: (lines) => {
          clearTimeout(timer);
          resolve(lines);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      this.receiveLine(line);
    }
  }

  private receiveLine(line: string): void {
    if (line.startsWith("+")) return;
    if (line.startsWith(" ")) {
      this.lines.push({ code: this.lastCode, text: line.slice(1) });
      return;
    }
    const match = /^(\d{4})([ -])(.*)$/.exec(line);
    if (!match) return;
    this.lastCode = Number(match[1]);
    this.lines.push({ code: this.lastCode, text: match[3]! });
    if (match[2] !== " ") return;
    const lines = this.lines;
    this.lines = [];
    const pending = this.pending;
    this.pending = undefined;
    if (this.lastCode >= 8000) pending?.reject(new BirdError(lines.map((l) => l.text).join(" ").trim(), this.lastCode));
    else pending?.resolve(lines);
  }

  private fail(error: Error): void {
    this.closedError ??= error;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
    this.stream.destroy();
  }
}

/** The same protocol through `ssh host socat - UNIX-CONNECT:socket`. */
function sshStream(endpoint: BirdEndpoint): Duplex {
  const args = sshArguments({ sshHost: endpoint.sshHost!, sshUser: endpoint.sshUser }, ["socat", "-", `UNIX-CONNECT:${endpoint.controlSocket}`]);
  const child = spawn("ssh", args, { stdio: ["pipe", "pipe", "ignore"] });
  const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
  stream.on("close", () => child.kill());
  return stream;
}

/** Connects, runs one command, closes. */
export async function birdCommand(endpoint: BirdEndpoint, text: string, timeoutMs?: number): Promise<BirdLine[]> {
  const client = await BirdClient.connect(endpoint);
  try {
    return await client.command(text, timeoutMs);
  } finally {
    client.close();
  }
}
