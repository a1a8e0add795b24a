import { meshLinkStates } from "@/server/matrix/mesh-matrix";
import { gauge, setRows, type MetricsCollector } from "../collector";

/** The POP mesh as the tunnel servers' probes last reported it (the /admin/matrix page, as numbers). */
export const meshCollector: MetricsCollector = {
  domain: "mesh",
  register(registry) {
    const up = gauge(registry, { name: "ixp_mesh_link_up", help: "1 while the POP-to-POP mesh link direction answers its probes (up or lossy), 0 when down or not reported.", labelNames: ["from", "to"] });
    const loss = gauge(registry, { name: "ixp_mesh_link_loss_ratio", help: "Share of the last report's probes on the mesh link direction that got no answer (0 to 1).", labelNames: ["from", "to"] });
    const rtt = gauge(registry, { name: "ixp_mesh_link_rtt_seconds", help: "Average round-trip time of the last report's probes on the mesh link direction.", labelNames: ["from", "to"] });
    return async (db, now) => {
      const cells = await meshLinkStates(db, now);
      setRows(up, cells.map((c) => ({ labels: { from: c.from, to: c.to }, value: c.health === "up" || c.health === "lossy" ? 1 : 0 })));
      setRows(loss, cells.filter((c) => c.loss !== null).map((c) => ({ labels: { from: c.from, to: c.to }, value: c.loss! })));
      setRows(rtt, cells.filter((c) => c.rttAvgMs !== null).map((c) => ({ labels: { from: c.from, to: c.to }, value: c.rttAvgMs! / 1000 })));
    };
  },
};
