import { countOpenFindingsByKind } from "@/server/lan-hygiene/queries";
import { gauge, setRows, type MetricsCollector } from "../collector";

/** Open LAN hygiene findings (the dashboard's list, as numbers): a rise means a neighbour misbehaves. */
export const lanHygieneCollector: MetricsCollector = {
  domain: "lan-hygiene",
  register(registry) {
    const open = gauge(registry, { name: "ixp_lan_findings_open", help: "Open LAN hygiene findings by kind (unregistered MAC, spoofed or unallocated address, duplicate, proxy-ARP, foreign frames).", labelNames: ["kind"] });
    return async (db) => {
      const counts = await countOpenFindingsByKind(db);
      // Every kind is present (0 when none is open), so a dashboard plots a line, not a gap.
      setRows(open, Object.entries(counts).map(([kind, n]) => ({ labels: { kind }, value: n })));
    };
  },
};
