import { env } from "@/server/env";
import { lookupNetwork, type PeeringDbOptions } from "./client";
import { suggestMaxPrefix } from "./max-prefix";

/** What a request form or new ASN gets prefilled with; `notice` is the line to show when PeeringDB had nothing. */
export interface PeeringDbPrefill {
  found: boolean;
  /** False when PeeringDB was not asked (lookups off) or did not answer: then nothing is known either way. */
  checked: boolean;
  notice: string | null;
  peeringdbNetId: number | null;
  name: string | null;
  website: string | null;
  asSet: string | null;
  irrSource: string | null;
  maxPrefixV4: number;
  maxPrefixV6: number;
}

export async function prefillFromPeeringDb(asn: number, options?: PeeringDbOptions): Promise<PeeringDbPrefill> {
  const lookup = await lookupNetwork(asn, options);
  if (!lookup.found) {
    return {
      found: false,
      checked: lookup.reason === "not_found",
      notice: lookup.reason === "not_found" ? "Not on PeeringDB" : `Not checked: ${lookup.detail}`,
      peeringdbNetId: null,
      name: null,
      website: null,
      asSet: null,
      irrSource: null,
      maxPrefixV4: suggestMaxPrefix(null, 4),
      maxPrefixV6: suggestMaxPrefix(null, 6),
    };
  }
  const { network } = lookup;
  return {
    found: true,
    checked: true,
    notice: null,
    peeringdbNetId: network.peeringdbNetId,
    name: network.name,
    website: network.website,
    asSet: network.asSet,
    irrSource: network.irrSource,
    maxPrefixV4: suggestMaxPrefix(network.prefixes4, 4, env().RS_MAX_PREFIX_PEERINGDB_MARGIN),
    maxPrefixV6: suggestMaxPrefix(network.prefixes6, 6, env().RS_MAX_PREFIX_PEERINGDB_MARGIN),
  };
}
