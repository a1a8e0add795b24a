import { count } from "drizzle-orm";
import { requests } from "@/server/db/schema";
import { REQUEST_STATES } from "@/shared/enums";
import { gauge, setRows, type MetricsCollector } from "../collector";

/** The peering request funnel: submitted (unverified), email confirmed (pending review), approved, rejected. */
export const requestsCollector: MetricsCollector = {
  domain: "requests",
  register(registry) {
    const byState = gauge(registry, { name: "ixp_requests", help: "Peering requests by state (unverified: email not confirmed; pending: waiting for a volunteer).", labelNames: ["state"] });
    return async (db) => {
      const rows = await db.select({ state: requests.state, n: count() }).from(requests).groupBy(requests.state);
      setRows(byState, rows.map((r) => ({ labels: { state: r.state }, value: r.n })), REQUEST_STATES.map((state) => ({ state })));
    };
  },
};
