import type { Executor } from "@/server/db/client";
import type { TunnelType } from "@/shared/enums";

/** What a check knows about the request it looks at. */
export interface CheckSubject {
  id?: number;
  networkName: string;
  asn: number;
  contactEmail: string;
  website?: string | null;
  tunnelType: TunnelType;
  remoteEndpoint?: string | null;
  asSet?: string | null;
}

export interface CheckContext {
  db: Executor;
  allowPrivateAsns: boolean;
}

/** not_run: the check could not be made (a lookup is off or did not answer), so it says nothing about the request. */
export type CheckOutcome = "pass" | "warn" | "fail" | "info" | "not_run";

export interface CheckResult {
  check: string;
  label: string;
  outcome: CheckOutcome;
  detail: string;
  /** Facts a later step may use (e.g. PeeringDB's prefill at approval). */
  data?: Record<string, unknown>;
}

/** One thing the portal can find out by itself about a request, shown to the reviewer. */
export interface RequestCheck {
  id: string;
  label: string;
  run(subject: CheckSubject, context: CheckContext): Promise<Omit<CheckResult, "check" | "label">>;
}

/** What requests.checks holds. */
export interface StoredChecks {
  ranAt: string;
  results: CheckResult[];
}
