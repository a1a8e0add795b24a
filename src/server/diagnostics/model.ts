import type { BgpSessionState, LifecycleState } from "@/shared/enums";
import type { RejectReason } from "@/server/routeserver/policy";

/** What the diagnostics pages know about one member, read from what the worker already stores. */

export interface SessionFacts {
  routeServer: string;
  state: BgpSessionState;
  /** BIRD's protocol state text, e.g. "Established" or "Active". */
  bgpState: string | null;
  since: Date | null;
  lastError: string | null;
  routesImported: number | null;
  routesFiltered: number | null;
  checkedAt: Date;
}

export interface IpFacts {
  id: number;
  address: string;
  family: 4 | 6;
  asn: number;
  state: LifecycleState;
  provisioned: boolean;
  monitor: boolean;
  /** Set when monitoring removed the address from the route servers after a long outage. */
  deprovisionedAt: Date | null;
  /** null: never probed yet. */
  pingUp: boolean | null;
  /** Since when the current ping state holds (last change), when known. */
  pingSince: Date | null;
  sessions: SessionFacts[];
  /** The member-side BIRD lines the IX expects for this address (from the member-config generator), or null. */
  expectedBgpConfig: string | null;
}

export interface IrrFacts {
  asn: number;
  asSet: string | null;
  family: 4 | 6;
  /** Where the list came from (the AS-SET bgpq4 expanded, or "manual"). */
  source: string;
  entries: number;
  fetchedAt: Date;
  lastError: string | null;
}

export interface FilteredReasonCount {
  reason: RejectReason;
  /** The reason in words (REJECT_REASONS). */
  text: string;
  routes: number;
}

export interface RouteServerFiltered {
  routeServer: string;
  /** Counted over every member of that route server: the stored counts are per route server, not per member. */
  reasons: FilteredReasonCount[];
  checkedAt: Date | null;
}

export interface MacFacts {
  connectionId: number;
  label: string;
  macAddresses: string[];
}

export interface PeeringDbFacts {
  asn: number;
  netId: number | null;
  prefixesV4: number | null;
  prefixesV6: number | null;
  maxPrefixV4: number | null;
  maxPrefixV6: number | null;
}

export interface DiagnosticsFacts {
  clientId: number;
  name: string;
  ips: IpFacts[];
  irr: IrrFacts[];
  routeServerFiltered: RouteServerFiltered[];
  macs: MacFacts[];
  peeringdb: PeeringDbFacts[];
  /** When the facts were read. */
  now: Date;
}
