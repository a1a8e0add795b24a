import { logger } from "@/server/log";
import { asnClassCheck } from "./asn-class";
import { duplicatesCheck } from "./duplicates";
import { endpointCheck } from "./endpoint";
import { peeringDbCheck } from "./peeringdb";
import type { CheckContext, CheckResult, CheckSubject, RequestCheck, StoredChecks } from "./types";

export type { CheckResult, StoredChecks } from "./types";

/** Every check the portal runs on a new request, in display order. Adding one is one line here. */
export const REQUEST_CHECKS: readonly RequestCheck[] = [asnClassCheck, endpointCheck, duplicatesCheck, peeringDbCheck];

/** Runs the checks; one that throws (e.g. an unreachable outside service) is reported, not fatal. */
export async function runRequestChecks(
  subject: CheckSubject,
  context: CheckContext,
  checks: readonly RequestCheck[] = REQUEST_CHECKS,
  now = new Date(),
): Promise<StoredChecks> {
  const results = await Promise.all(
    checks.map(async (check): Promise<CheckResult> => {
      try {
        return { check: check.id, label: check.label, ...(await check.run(subject, context)) };
      } catch (error) {
        logger.warn({ err: error, check: check.id }, "request check failed");
        return { check: check.id, label: check.label, outcome: "not_run", detail: `Not checked: ${(error as Error).message}` };
      }
    }),
  );
  return { ranAt: now.toISOString(), results };
}
