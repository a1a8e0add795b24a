import ipaddr from "ipaddr.js";
import type { BirdLine } from "./bird-client";

/** One protocol from `show protocols all`, as far as session status needs it. */
export interface BirdProtocolStatus {
  name: string;
  proto: string;
  state: string;
  since: Date | null;
  info: string;
  bgpState: string | null;
  neighborAddress: string | null;
  neighborAs: number | null;
  lastError: string | null;
  routes: { imported: number; filtered: number; exported: number } | null;
  /** The channel's limits as configured, and whether BIRD marked them hit ("Receive limit: 400 [HIT]"). */
  receiveLimit: ChannelLimit | null;
  importLimit: ChannelLimit | null;
}

export interface ChannelLimit {
  limit: number;
  hit: boolean;
}

/** BIRD's "Last error" after a receive or import limit took a BGP session down. */
export const ROUTE_LIMIT_ERROR = "Automatic shutdown: Route limit exceeded";

// The config sets `timeformat protocol "%F %T %z"`; BIRD's default formats give no zone and are read as UTC.
const SUMMARY = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})?|\S+)\s*(.*)$/;

function parseSince(text: string): Date | null {
  const match = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d+)?)(?: ([+-])(\d\d)(\d\d))?$/.exec(text);
  if (!match) return null;
  const zone = match[3] ? `${match[3]}${match[4]}:${match[5]}` : "Z";
  const date = new Date(`${match[1]}T${match[2]}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Parses the reply lines of `show protocols all` (1002 summary lines, 1006 detail lines). */
export function parseShowProtocolsAll(lines: BirdLine[]): BirdProtocolStatus[] {
  const protocols: BirdProtocolStatus[] = [];
  let current: BirdProtocolStatus | undefined;
  for (const { code, text } of lines) {
    if (code === 1002) {
      const match = SUMMARY.exec(text.trim());
      if (!match) continue;
      current = {
        name: match[1]!,
        proto: match[2]!,
        state: match[4]!,
        since: parseSince(match[5]!),
        info: match[6]!.trim(),
        bgpState: null,
        neighborAddress: null,
        neighborAs: null,
        lastError: null,
        routes: null,
        receiveLimit: null,
        importLimit: null,
      };
      protocols.push(current);
    } else if (code === 1006 && current) {
      readDetail(current, text.trim());
    }
  }
  return protocols;
}

function readDetail(protocol: BirdProtocolStatus, line: string): void {
  const [key, ...rest] = line.split(":");
  const value = rest.join(":").trim();
  switch (key) {
    case "BGP state":
      protocol.bgpState = value;
      break;
    case "Neighbor address":
      protocol.neighborAddress = ipaddr.isValid(value) ? ipaddr.parse(value).toString() : null;
      break;
    case "Neighbor AS":
      protocol.neighborAs = Number(value) || null;
      break;
    case "Last error":
      protocol.lastError = value || null;
      break;
    case "Receive limit":
    case "Import limit": {
      const match = /^(\d+)(\s+\[HIT\])?/.exec(value);
      if (match) protocol[key === "Receive limit" ? "receiveLimit" : "importLimit"] = { limit: Number(match[1]), hit: !!match[2] };
      break;
    }
    case "Routes": {
      const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(value)?.[1] ?? 0);
      const previous = protocol.routes ?? { imported: 0, filtered: 0, exported: 0 };
      // One Routes line per channel; a session has one channel, but sum to be safe.
      protocol.routes = {
        imported: previous.imported + count("imported"),
        filtered: previous.filtered + count("filtered"),
        exported: previous.exported + count("exported"),
      };
      break;
    }
  }
}

export const isEstablished = (protocol: BirdProtocolStatus) => protocol.bgpState === "Established";
