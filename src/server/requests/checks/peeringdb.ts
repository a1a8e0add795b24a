import { prefillFromPeeringDb, type PeeringDbPrefill } from "@/server/peeringdb/prefill";
import type { RequestCheck, StoredChecks } from "./types";

/** What PeeringDB says about the network; approval uses it to set max-prefix and fill the AS-SET. */
export const peeringDbCheck: RequestCheck = {
  id: "peeringdb",
  label: "PeeringDB",
  async run({ asn, asSet }) {
    const prefill = await prefillFromPeeringDb(asn);
    const data = { ...prefill };
    if (!prefill.checked) return { outcome: "not_run", detail: prefill.notice ?? "Not checked", data };
    if (!prefill.found) return { outcome: "info", detail: prefill.notice ?? "Not on PeeringDB", data };
    const asSetNote =
      prefill.asSet && asSet && prefill.asSet.toUpperCase() !== asSet.toUpperCase() ? ` (the request says ${asSet})` : "";
    return {
      outcome: asSetNote ? "warn" : "pass",
      detail: `${prefill.name} (net ${prefill.peeringdbNetId}), AS-SET ${prefill.asSet ?? "none"}${asSetNote}; suggested max-prefix IPv4 ${prefill.maxPrefixV4}, IPv6 ${prefill.maxPrefixV6}`,
      data,
    };
  },
};

/** The PeeringDB prefill stored with a request's checks, if the lookup found the network. */
export function storedPeeringDbPrefill(checks: StoredChecks | null | undefined): PeeringDbPrefill | null {
  const result = checks?.results.find((r) => r.check === peeringDbCheck.id);
  const data = result?.data as PeeringDbPrefill | undefined;
  return data?.found ? data : null;
}
