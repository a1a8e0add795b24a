import { z } from "zod";
import type { MaintenanceSpan } from "@/server/maintenance/shutdown";
import type { IpFamily } from "@/shared/enums";

/** What the generator needs from the database, nothing more (see queries.ts). */
export interface RouteServerRow {
  name: string;
  asn: number;
  routerId: string;
  ipv4Address: string | null;
  ipv6Address: string | null;
}

export interface IrrPrefixEntry {
  prefix: string;
  ge?: number;
  le?: number;
}

export interface IrrListRow {
  family: IpFamily;
  prefixes: IrrPrefixEntry[];
}

/** An IRR list as stored in irr_prefix_sets.prefixes: JSON text of IrrPrefixEntry[]. */
export interface StoredIrrList {
  json: string;
}

/** A member's IRR list; stored JSON that is not a list of entries counts as no list at all. */
export function irrPrefixList(list: MemberSessionRow["irrPrefixes"]): IrrPrefixEntry[] | null {
  if (list === null || Array.isArray(list)) return list;
  try {
    const value: unknown = JSON.parse(list.json);
    return Array.isArray(value) ? (value as IrrPrefixEntry[]) : null;
  } catch {
    return null;
  }
}

/** One provisioned member address: one BGP session on this route server. */
export interface MemberSessionRow {
  ipId: number;
  address: string;
  family: number;
  asn: number;
  clientName: string;
  asSet: string | null;
  maxPrefixV4: number | null;
  maxPrefixV6: number | null;
  /** Prefix counts the network publishes on PeeringDB (info_prefixes4/6), last IRR refresh; null when unknown. */
  peeringdbPrefixesV4?: number | null;
  peeringdbPrefixesV6?: number | null;
  blackholeOptIn: boolean;
  /** Every address this ASN holds on the LAN (for the "any address of the same ASN" next-hop mode). */
  asnAddresses: string[];
  /**
   * null: no stored list for this family (the member is then filtered on its origin ASNs only, or rejected).
   * The loader passes the stored JSON text as is (see irrPrefixList): parsed one member at a time while
   * rendering, a route server's millions of entries are garbage as soon as written, never all alive at once.
   */
  irrPrefixes: IrrPrefixEntry[] | StoredIrrList | null;
  /** Origin ASNs of the AS-SET from the last IRR fetch; the member's own ASN is always allowed. */
  irrOriginAsns: number[];
}

export const MAX_PREFIX_ACTIONS = ["restart", "block", "disable", "warn"] as const;

/**
 * The receive limit exists to bound memory, so it always takes the session down: "disable" keeps it
 * down until an operator enables it, every other max-prefix action restarts it (after BIRD's error
 * wait time). "block" or "warn" would keep the flood, or the session, alive.
 */
export function receiveLimitAction(maxPrefixAction: (typeof MAX_PREFIX_ACTIONS)[number]): "disable" | "restart" {
  return maxPrefixAction === "disable" ? "disable" : "restart";
}

/** What a session may import (max-prefix) and receive in all (filtered routes included). */
export function sessionLimits(importLimit: number, options: Pick<RenderOptions, "receiveLimitFactor">): { importLimit: number; receiveLimit: number } {
  return { importLimit, receiveLimit: Math.min(Math.ceil(importLimit * options.receiveLimitFactor), 4294967295) };
}
export const NEXT_HOP_POLICIES = ["peer", "same-asn"] as const;
export const IRR_MISSING_POLICIES = ["origin-only", "reject"] as const;

/** The IX-wide knobs of the policy; env.ts fills them from RS_* variables. */
export const renderOptionsSchema = z.object({
  ipv4MinLength: z.number().int().min(1).max(32).default(8),
  ipv4MaxLength: z.number().int().min(1).max(32).default(24),
  ipv6MinLength: z.number().int().min(1).max(128).default(16),
  ipv6MaxLength: z.number().int().min(1).max(128).default(48),
  maxAsPathLength: z.number().int().min(1).max(255).default(32),
  maxPrefixDefaultV4: z.number().int().min(1).default(1000),
  maxPrefixDefaultV6: z.number().int().min(1).default(500),
  maxPrefixAction: z.enum(MAX_PREFIX_ACTIONS).default("restart"),
  /** The receive limit counts filtered routes too (they are kept): max-prefix × this factor. */
  receiveLimitFactor: z.number().min(1).max(1000).default(4),
  /** Headroom in percent over a PeeringDB prefix count, for members who set no max-prefix. */
  maxPrefixPeeringDbMargin: z.number().int().min(0).max(1000).default(20),
  nextHopPolicy: z.enum(NEXT_HOP_POLICIES).default("peer"),
  irrMissing: z.enum(IRR_MISSING_POLICIES).default("origin-only"),
  allowPrivateAsns: z.boolean().default(false),
  /** RTR validator "host:port"; when set, RPKI-invalid routes are rejected. */
  rtrServer: z.string().nullable().default(null),
  /** Peering LAN prefixes: never accepted from members. */
  lanPrefixes: z.array(z.string()).default([]),
  /** RFC 7999: blackholes of opted-in members are accepted from this length to the host route. */
  blackholeMinLengthV4: z.number().int().min(1).max(32).default(32),
  blackholeMinLengthV6: z.number().int().min(1).max(128).default(128),
  /** The IX's blackhole address per family on the peering LAN; accepted blackholes get it as next hop. */
  blackholeNextHopV4: z.string().nullable().default(null),
  blackholeNextHopV6: z.string().nullable().default(null),
  /** The BIRD version the config is for ("2.0.12"): features newer than it are not rendered. */
  targetBirdVersion: z.string().regex(/^\d+\.\d+(\.\d+)?$/, "must be a BIRD version such as 2.0.12").default("2.0.12"),
  /** ASNs that must never appear in a path learnt from a member (PeeringDB info_never_via_route_servers). */
  neverViaRouteServersAsns: z.array(z.number().int().min(1).max(4294967294)).default([]),
  logTarget: z.enum(["syslog", "stderr"]).default("syslog"),
  /** Graceful shutdown (RFC 8326) starts this many minutes before a maintenance window of the route server. */
  gracefulShutdownLeadMinutes: z.number().int().min(0).max(1440).default(30),
})
  .refine((o) => o.ipv4MinLength <= o.ipv4MaxLength && o.ipv6MinLength <= o.ipv6MaxLength, {
    error: "prefix-length bounds: the minimum must not exceed the maximum (RS_IPV4_MIN_LENGTH/RS_IPV6_MIN_LENGTH)",
  });
export type RenderOptions = z.infer<typeof renderOptionsSchema>;

export interface RenderInput {
  routeServer: RouteServerRow;
  members: MemberSessionRow[];
  options: RenderOptions;
  /** The route server's maintenance windows not yet over, and the time the config is rendered for. */
  maintenance?: { now: Date; windows: MaintenanceSpan[] };
}

export interface RenderResult {
  config: string;
  sessions: { ipId: number; protocol: string; address: string; asn: number }[];
  /** Rows that could not be rendered safely, with the reason; the rest of the config is still valid. */
  skipped: { ipId: number; address: string; reason: string }[];
}
