import { count, ne, sql } from "drizzle-orm";
import { clients, connections, ips } from "@/server/db/schema";
import { LIFECYCLE_STATES } from "@/shared/enums";
import { gauge, setRows, type MetricsCollector } from "../collector";

/** Members, their connections and addresses by lifecycle state; the ping monitor's view of each address. */
export const membersCollector: MetricsCollector = {
  domain: "members",
  register(registry) {
    const members = gauge(registry, { name: "ixp_members", help: "Members (clients) by lifecycle state.", labelNames: ["state"] });
    const memberConnections = gauge(registry, { name: "ixp_connections", help: "Member connections (tunnels and ports) by lifecycle state.", labelNames: ["state"] });
    const addresses = gauge(registry, { name: "ixp_addresses", help: "Peering LAN addresses allocated to members, by lifecycle state and IP family.", labelNames: ["state", "family"] });
    const pings = gauge(registry, {
      name: "ixp_ping_addresses",
      help: "Addresses not decommissioned, by the ping monitor's last verdict (unknown: never probed).",
      labelNames: ["status"],
    });
    const byState = LIFECYCLE_STATES.map((state) => ({ state }));
    return async (db) => {
      const memberRows = await db.select({ state: clients.state, n: count() }).from(clients).groupBy(clients.state);
      setRows(members, memberRows.map((r) => ({ labels: { state: r.state }, value: r.n })), byState);
      const connectionRows = await db.select({ state: connections.state, n: count() }).from(connections).groupBy(connections.state);
      setRows(memberConnections, connectionRows.map((r) => ({ labels: { state: r.state }, value: r.n })), byState);
      const addressRows = await db.select({ state: ips.state, family: ips.family, n: count() }).from(ips).groupBy(ips.state, ips.family);
      setRows(addresses, addressRows.map((r) => ({ labels: { state: r.state, family: r.family }, value: r.n })));
      const status = sql<string>`case when ${ips.pingable} is null then 'unknown' when ${ips.pingable} then 'up' else 'down' end`;
      const pingRows = await db.select({ status, n: count() }).from(ips).where(ne(ips.state, "decommissioned")).groupBy(status);
      setRows(pings, pingRows.map((r) => ({ labels: { status: r.status }, value: r.n })), [{ status: "up" }, { status: "down" }, { status: "unknown" }]);
    };
  },
};
