import { describe, expect, it } from "vitest";
import { suggestMaxPrefix } from "@/server/peeringdb/max-prefix";
import { effectiveMaxPrefix } from "@/server/routeserver/max-prefix";

const defaults = { maxPrefixDefaultV4: 1000, maxPrefixDefaultV6: 500, maxPrefixPeeringDbMargin: 20 };
const asn = (fields: Partial<Parameters<typeof effectiveMaxPrefix>[0]>) => ({ maxPrefixV4: null, maxPrefixV6: null, peeringdbPrefixesV4: null, peeringdbPrefixesV6: null, ...fields });

describe("route-server max-prefix", () => {
  it("takes the member's own limit first, then PeeringDB's count plus the margin, then the IX default", () => {
    expect(effectiveMaxPrefix(asn({ maxPrefixV4: 42, peeringdbPrefixesV4: 500 }), 4, defaults)).toEqual({ limit: 42, source: "member", peeringdbCount: 500 });
    expect(effectiveMaxPrefix(asn({ peeringdbPrefixesV4: 500 }), 4, defaults)).toEqual({ limit: 600, source: "peeringdb", peeringdbCount: 500 });
    expect(effectiveMaxPrefix(asn({ peeringdbPrefixesV6: 0 }), 6, defaults)).toEqual({ limit: 500, source: "default", peeringdbCount: 0 });
    expect(effectiveMaxPrefix(asn({}), 4, defaults)).toEqual({ limit: 1000, source: "default", peeringdbCount: null });
  });

  it("applies the margin in percent, and always at least 10 prefixes of headroom", () => {
    expect(effectiveMaxPrefix(asn({ peeringdbPrefixesV4: 200 }), 4, { ...defaults, maxPrefixPeeringDbMargin: 50 }).limit).toBe(300);
    expect(suggestMaxPrefix(5, 4, 20)).toBe(15);
    expect(suggestMaxPrefix(1001, 6, 0)).toBe(1011);
    expect(suggestMaxPrefix(7, 4)).toBe(17);
  });
});
