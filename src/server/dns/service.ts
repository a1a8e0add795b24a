import { execFile } from "node:child_process";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { and, asc, eq, ne } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { connections, dnsZones, ips, asns, locations, peeringLans } from "@/server/db/schema";
import { env, type Env } from "@/server/env";
import { DomainError } from "@/server/errors";
import { currentPtrs, desiredPtrs, parseUpdateTarget, planZoneUpdate, sendUpdate, type ZoneUpdate } from "./dynamic-update";
import { nextSerial, planReverseZones, renderZone, zoneContentHash, type PtrAddress, type PtrRecord, type ReverseDnsSettings } from "./reverse-zones";

const run = promisify(execFile);

export interface RenderedZone {
  name: string;
  serial: number;
  records: PtrRecord[];
  /** The records differ from the last render, so the serial moved. */
  changed: boolean;
  text: string;
}

/** The reverse-DNS settings, or null while RDNS_DOMAIN is unset (reverse DNS off). */
export function reverseDnsSettings(config: Env = env()): ReverseDnsSettings | null {
  const domain = config.RDNS_DOMAIN?.toLowerCase();
  if (!domain) return null;
  return {
    domain,
    template: config.RDNS_NAME_TEMPLATE,
    nameservers: config.RDNS_NAMESERVERS.length > 0 ? config.RDNS_NAMESERVERS : [`ns1.${domain}`],
    hostmaster: config.RDNS_HOSTMASTER ?? `hostmaster@${domain}`,
    ttl: config.RDNS_TTL,
  };
}

export function requireReverseDnsSettings(): ReverseDnsSettings {
  const settings = reverseDnsSettings();
  if (!settings) throw new DomainError("Reverse DNS is off: set RDNS_DOMAIN (e.g. ix.example.net) to generate zones.");
  return settings;
}

/** Active LANs' prefixes and every address on them that is not decommissioned. */
async function loadPtrRows(db: Database): Promise<{ prefixes: string[]; addresses: PtrAddress[] }> {
  const lans = await db.select({ ipv4: peeringLans.ipv4Prefix, ipv6: peeringLans.ipv6Prefix }).from(peeringLans).where(eq(peeringLans.active, true)).orderBy(asc(peeringLans.id));
  const addresses = await db
    .select({ address: ips.address, asn: asns.asn, pop: locations.code, lan: peeringLans.name })
    .from(ips)
    .innerJoin(asns, eq(asns.id, ips.asnId))
    .innerJoin(peeringLans, eq(peeringLans.id, ips.lanId))
    .leftJoin(connections, eq(connections.id, ips.connectionId))
    .leftJoin(locations, eq(locations.id, connections.locationId))
    .where(and(eq(peeringLans.active, true), ne(ips.state, "decommissioned")));
  return { prefixes: lans.flatMap((lan) => [lan.ipv4, lan.ipv6].filter((prefix): prefix is string => Boolean(prefix))), addresses };
}

/**
 * Plans every reverse zone and gives each its serial: unchanged records keep the stored serial, changed
 * ones get the next. A dry run computes the same without storing anything.
 */
export async function syncReverseZones(db: Database, now: Date, settings: ReverseDnsSettings, options: { dryRun?: boolean } = {}): Promise<RenderedZone[]> {
  const { prefixes, addresses } = await loadPtrRows(db);
  const zones = planReverseZones(prefixes, addresses, settings);
  return db.transaction(async (tx) => {
    // Locks the stored serials: two renders at once give a zone one serial per change, not two.
    const stored = new Map((await tx.select().from(dnsZones).for("update")).map((row) => [row.name, row]));
    const rendered: RenderedZone[] = [];
    for (const zone of zones) {
      const hash = zoneContentHash(zone, settings);
      const previous = stored.get(zone.name);
      const changed = previous?.contentHash !== hash;
      const serial = changed ? nextSerial(previous?.serial ?? null, now) : previous.serial;
      if (changed && !options.dryRun) {
        await tx
          .insert(dnsZones)
          .values({ name: zone.name, contentHash: hash, serial, changedAt: now })
          .onDuplicateKeyUpdate({ set: { contentHash: hash, serial, changedAt: now } });
      }
      rendered.push({ name: zone.name, serial, records: zone.records, changed, text: renderZone(zone, settings, serial) });
    }
    return rendered;
  });
}

/**
 * Writes each zone to DIR/<zone>.zone after named-checkzone accepted it (a zone it refuses is not written
 * and fails the call). Files whose text is already there are left alone. Returns the files written.
 */
export async function writeZoneFiles(dir: string, zones: RenderedZone[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const zone of zones) {
    const file = path.join(dir, `${zone.name}.zone`);
    if ((await readFile(file, "utf8").catch(() => null)) === zone.text) continue;
    const staging = `${file}.new`;
    await writeFile(staging, zone.text);
    try {
      await run("named-checkzone", [zone.name, staging]);
    } catch (error) {
      await rm(staging, { force: true });
      const failure = error as { code?: string | number; stdout?: string; stderr?: string };
      if (failure.code === "ENOENT") throw new DomainError("named-checkzone was not found: install Debian's bind9-utils.");
      throw new DomainError(`named-checkzone refused ${zone.name}, nothing was written: ${`${failure.stdout ?? ""}${failure.stderr ?? ""}`.trim()}`);
    }
    await rename(staging, file);
    written.push(file);
  }
  return written;
}

/**
 * RFC 2136: brings RDNS_UPDATE_SERVER's PTR records to the rendered zones, one signed update per zone that
 * differs. Returns what changed per zone; a dry run only reads the server.
 */
export async function pushReverseZones(zones: RenderedZone[], settings: ReverseDnsSettings, options: { dryRun?: boolean } = {}): Promise<ZoneUpdate[]> {
  const { RDNS_UPDATE_SERVER, RDNS_TSIG_KEY } = env();
  if (!RDNS_UPDATE_SERVER) throw new DomainError("Dynamic updates are off: set RDNS_UPDATE_SERVER (host:port) and RDNS_TSIG_KEY.");
  const target = parseUpdateTarget(RDNS_UPDATE_SERVER, RDNS_TSIG_KEY);
  const updates: ZoneUpdate[] = [];
  for (const zone of zones) {
    const update = planZoneUpdate(zone.name, await currentPtrs(zone.name, target), desiredPtrs(zone), target, settings.ttl);
    if (!options.dryRun) await sendUpdate(update, target);
    updates.push(update);
  }
  return updates;
}

/** Zones as last stored, for the admin page. */
export async function listStoredZones(db: Database) {
  return db.select().from(dnsZones).orderBy(asc(dnsZones.name));
}
