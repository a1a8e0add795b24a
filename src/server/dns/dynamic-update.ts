import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { DomainError } from "@/server/errors";
import type { PtrRecord } from "./reverse-zones";

const run = promisify(execFile);

/**
 * RFC 2136 dynamic updates with TSIG: instead of (or beside) zone files, bring an authoritative server's
 * PTR records to what the portal wants. The server reads its current records over AXFR (same key) and
 * gets one update per changed zone; it moves the SOA serial itself.
 */

export interface UpdateTarget {
  host: string;
  port: number;
  /** algorithm:name:secret, as nsupdate -y and dig -y take it. */
  key: string;
}

/** PTR owner (absolute, lower case) to target (absolute). */
export type PtrSet = Map<string, string>;

export interface ZoneUpdate {
  zone: string;
  added: number;
  removed: number;
  /** The nsupdate script; null when the server already has every record. */
  script: string | null;
}

export function parseUpdateTarget(server: string, key: string | undefined): UpdateTarget {
  if (!key) throw new DomainError("RDNS_UPDATE_SERVER is set but RDNS_TSIG_KEY is not: dynamic updates are only sent signed.");
  const match = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(server)!;
  return { host: match[1]!, port: match[2] ? Number(match[2]) : 53, key };
}

/** The zone's desired PTRs with absolute owner names. */
export function desiredPtrs(zone: { name: string; records: PtrRecord[] }): PtrSet {
  return new Map(zone.records.map((record) => [`${record.label}.${zone.name}.`, record.target]));
}

/** The update that turns current into desired: deletes what is wrong or gone, adds what is missing. */
export function planZoneUpdate(zone: string, current: PtrSet, desired: PtrSet, target: UpdateTarget, ttl: number): ZoneUpdate {
  const removed = [...current].filter(([owner, name]) => desired.get(owner) !== name).map(([owner]) => owner);
  const added = [...desired].filter(([owner, name]) => current.get(owner) !== name);
  if (removed.length === 0 && added.length === 0) return { zone, added: 0, removed: 0, script: null };
  const script = [
    `server ${target.host} ${target.port}`,
    `zone ${zone}.`,
    ...removed.map((owner) => `update delete ${owner} PTR`),
    ...added.map(([owner, name]) => `update add ${owner} ${ttl} PTR ${name}`),
    "send",
    "",
  ].join("\n");
  return { zone, added: added.length, removed: removed.length, script };
}

/** The PTR records the server has now, read by AXFR with the TSIG key. */
export async function currentPtrs(zone: string, target: UpdateTarget): Promise<PtrSet> {
  const { stdout } = await run("dig", [`@${target.host}`, "-p", String(target.port), "-y", target.key, "AXFR", `${zone}.`, "+noall", "+answer", "+time=5", "+tries=1"]).catch(
    (error: { code?: string; stdout?: string }) => {
      if (error.code === "ENOENT") throw new DomainError("dig was not found: install Debian's bind9-dnsutils.");
      return { stdout: error.stdout ?? "" };
    },
  );
  const records = stdout.split("\n").map((line) => line.trim().split(/\s+/));
  if (!records.some((fields) => fields[3] === "SOA")) {
    throw new DomainError(`${target.host}:${target.port} refused the zone transfer of ${zone} (check RDNS_TSIG_KEY and the server's ACL): ${stdout.trim() || "no answer"}`);
  }
  return new Map(records.filter((fields) => fields[3] === "PTR").map((fields) => [fields[0]!.toLowerCase(), fields[4]!]));
}

/** Sends one update script with nsupdate; a refusal (bad key, no permission) fails with the server's answer. */
export async function sendUpdate(update: ZoneUpdate, target: UpdateTarget): Promise<void> {
  if (!update.script) return;
  await new Promise<void>((resolve, reject) => {
    const child = spawn("nsupdate", ["-y", target.key, "-t", "10"], { stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "ENOENT" ? new DomainError("nsupdate was not found: install Debian's bind9-dnsutils.") : error),
    );
    child.on("close", (code) => (code === 0 ? resolve() : reject(new DomainError(`${target.host}:${target.port} refused the update of ${update.zone}: ${output.trim()}`))));
    child.stdin.end(update.script);
  });
}
